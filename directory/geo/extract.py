"""The bundled GeoNames extract of Australian places (``directory/geo/data/au_places.tsv.gz``): read it
and load it into ``places`` (``flask places load``)."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterable
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.geo.gazetteer import forget_names_cache
from directory.geo.models import Place
from directory.geo.normalise import normalise_name

EXTRACT_PATH = Path(__file__).parent / "data" / "au_places.tsv.gz"


def read_extract(path: Path = EXTRACT_PATH) -> Iterable[dict]:
    """Yield rows of the bundled extract as dicts ready for ``places``."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            yield {
                "kind": row["kind"],
                "name": row["name"],
                "name_norm": normalise_name(row["name"]),
                "state": row["state"],
                "postcode": row["postcode"] or None,
                "lat": float(row["lat"]),
                "lng": float(row["lng"]),
                "population": int(row["population"] or 0),
                "po_box": row["po_box"] == "1",
                "source": row["source"],
            }


def load_places(session: Session, path: Path = EXTRACT_PATH, batch: int = 5000) -> int:
    """Replace the contents of ``places`` with the extract. The caller commits."""
    session.execute(sa.delete(Place))
    count = 0
    chunk: list[dict] = []
    for row in read_extract(path):
        chunk.append(row)
        if len(chunk) >= batch:
            session.execute(sa.insert(Place), chunk)
            count += len(chunk)
            chunk = []
    if chunk:
        session.execute(sa.insert(Place), chunk)
        count += len(chunk)
    forget_names_cache()
    return count


def places_loaded(session: Session) -> bool:
    return session.scalar(sa.select(sa.exists().where(Place.id.is_not(None)))) or False
