"""Open data sets that listings may come from, with the licence their facts carry (decision 0014).

A listing made from one keeps the data set's id of the object (``data_source_id``): a reimport
updates that listing, and the listing page and the exports credit the data set under its licence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class DataOrigin:
    slug: str
    name: str
    attribution: str  # as the licence asks it to be shown
    licence: str
    licence_url: str
    copyright_url: str
    object_url: str  # the object's page, with {id}
    id_pattern: re.Pattern

    def url_of(self, object_id: str) -> str:
        return self.object_url.format(id=object_id)


OPENSTREETMAP = DataOrigin(
    slug="openstreetmap",
    name="OpenStreetMap",
    attribution="© OpenStreetMap contributors",
    licence="Open Database License (ODbL) 1.0",
    licence_url="https://opendatacommons.org/licenses/odbl/1-0/",
    copyright_url="https://www.openstreetmap.org/copyright",
    object_url="https://www.openstreetmap.org/{id}",
    id_pattern=re.compile(r"^(?:node|way|relation)/[1-9][0-9]{0,15}$"),
)

ORIGINS = {OPENSTREETMAP.slug: OPENSTREETMAP}


def origin_of(slug: str | None) -> DataOrigin | None:
    return ORIGINS.get(slug) if slug else None
