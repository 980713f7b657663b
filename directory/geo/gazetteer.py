"""The offline gazetteer: resolve what a visitor typed into a place, autocomplete, and place import
rows (loading the bundled extract is in ``extract.py``)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.bulk import one_of
from directory.geo import prefixes
from directory.geo.distance import great_circle_km
from directory.geo.errors import AmbiguousPlace, PlaceCandidate, PlaceNotFound
from directory.geo.models import Place
from directory.geo.normalise import fold, normalise_name, parse_place_query
from directory.lru import LRU

# Rows of one name in one state closer than this are the same place (a suburb split over
# several postcodes, or a city row beside its postal locality).
SAME_PLACE_KM = 12.0
MAX_CANDIDATES = 10
# How far an unpopulated postal locality may lie from a same-named town and still be that town.
OUTLYING_KM = 300.0


@dataclass(frozen=True)
class ResolvedPlace:
    label: str
    lat: float
    lng: float
    state: str
    postcode: str | None

    def to_dict(self) -> dict:
        return {"label": self.label, "lat": self.lat, "lng": self.lng}


def _label(place: Place) -> str:
    if place.kind == "postcode":
        return f"{place.postcode} ({place.name} {place.state})"
    if place.postcode:
        return f"{place.name} {place.state} {place.postcode}"
    return f"{place.name} {place.state}"


def _candidate(place: Place) -> PlaceCandidate:
    return PlaceCandidate(
        label=_label(place),
        name=place.name,
        state=place.state,
        postcode=place.postcode,
        lat=place.lat,
        lng=place.lng,
    )


def _rank(place: Place) -> tuple:
    # Real suburbs before PO boxes, then larger populations, then city rows (they carry the
    # population) before postal rows, then lowest postcode for stability.
    return (place.po_box, -place.population, place.kind != "city", place.postcode or "9999", place.id)


def _merge(places: list[Place]) -> list[Place]:
    """Collapse rows that name the same place (same state, close together) into one each."""
    clusters: list[list[Place]] = []
    for place in sorted(places, key=_rank):
        for cluster in clusters:
            head = cluster[0]
            if head.state == place.state and (
                great_circle_km(head.lat, head.lng, place.lat, place.lng) <= SAME_PLACE_KM
            ):
                cluster.append(place)
                break
        else:
            clusters.append([place])
    merged = []
    for cluster in clusters:
        head = cluster[0]
        if head.kind == "city" and not head.postcode:
            # Show a postcode with the city when its postal locality is in the cluster.
            postal = next((p for p in cluster if p.postcode and not p.po_box), None)
            if postal is not None:
                head = Place(
                    id=head.id,
                    kind=head.kind,
                    name=head.name,
                    state=head.state,
                    postcode=postal.postcode,
                    lat=head.lat,
                    lng=head.lng,
                    population=head.population,
                    po_box=False,
                    source=head.source,
                )
        merged.append(head)
    # Drop PO-box-only clusters when a real place of that name exists.
    real = [p for p in merged if not p.po_box] or merged
    # A town and an outlying postal locality of its name in a neighbouring postcode (Alice
    # Springs 0870 and 0872) are one place: keep the populated town. Newtown VIC 3220 and 3351,
    # or Richmond QLD 4740 and 4822, stay separate choices.
    towns = [p for p in real if p.population > 0 and p.postcode]
    return [p for p in real if p.population > 0 or not any(_outlying(p, t) for t in towns)]


def _outlying(place: Place, town: Place) -> bool:
    return (
        place.state == town.state
        and bool(place.postcode)
        and place.postcode[:3] == town.postcode[:3]
        and great_circle_km(town.lat, town.lng, place.lat, place.lng) <= OUTLYING_KM
    )


# What the gazetteer answered, per database, for the most recent look-ups. The gazetteer changes
# only when it is loaded, which forgets everything (``forget_names_cache``).
_RESOLVED = LRU(4096)
_COMPLETED = LRU(4096)


def resolve_place(session: Session, text: str, field: str = "near") -> ResolvedPlace:
    """Turn what a visitor typed into one place, or raise.

    Raises ``PlaceNotFound`` (with close suggestions) when nothing matches, and
    ``AmbiguousPlace`` (with the candidates) when several places match and neither a state
    nor a postcode settles it. Never guesses silently. Places found are remembered per process.
    """
    key = (str(session.get_bind().url), " ".join((text or "").split()).casefold())
    remembered = _RESOLVED.get(key)
    if remembered is not None:
        return remembered
    place = _resolve_fresh(session, text, field)
    _RESOLVED.put(key, place)
    return place


def _resolve_fresh(session: Session, text: str, field: str) -> ResolvedPlace:
    try:
        return _resolve(session, text, field)
    except PlaceNotFound as not_found:
        # "12 Smith St, Fitzroy VIC 3065": try what follows the last comma on its own.
        head, comma, tail = (text or "").rpartition(",")
        if comma and head.strip() and tail.strip():
            try:
                return _resolve(session, tail, field)
            except PlaceNotFound:
                pass
        raise not_found


def _resolve(session: Session, text: str, field: str) -> ResolvedPlace:
    query = parse_place_query(text or "")
    if query is None:
        raise PlaceNotFound(text.strip(), [], field=field)

    if query.is_postcode_only:
        rows = session.scalars(sa.select(Place).where(Place.kind == "postcode", Place.postcode == query.postcode)).all()
        if query.state:
            rows = [r for r in rows if r.state == query.state]
        if not rows:
            raise PlaceNotFound(text.strip(), _postcode_suggestions(session, query.postcode), field=field)
        place = rows[0]
        return ResolvedPlace(_label(place), place.lat, place.lng, place.state, place.postcode)

    stmt = sa.select(Place).where(Place.name_norm == query.name, Place.kind.in_(("locality", "city")))
    if query.state:
        stmt = stmt.where(Place.state == query.state)
    rows = list(session.scalars(stmt))
    if query.postcode:
        with_postcode = [r for r in rows if r.postcode == query.postcode]
        if with_postcode:
            rows = with_postcode
        elif rows:
            # "Fitzroy 3000": the name exists but not with that postcode.
            raise PlaceNotFound(text.strip(), [_candidate(p) for p in _merge(rows)][:MAX_CANDIDATES], field=field)
    if not rows:
        raise PlaceNotFound(text.strip(), suggest_places(session, query.name, query.state), field=field)
    merged = _merge(rows)
    if len(merged) > 1:
        raise AmbiguousPlace(text.strip(), [_candidate(p) for p in merged][:MAX_CANDIDATES], field=field)
    place = merged[0]
    if query.postcode:
        place = next(r for r in rows if r.postcode == query.postcode)
    return ResolvedPlace(_label(place), place.lat, place.lng, place.state, place.postcode)


def locate_exactly(
    session: Session, places: Iterable[tuple[str, str, str]]
) -> dict[tuple[str, str, str], ResolvedPlace]:
    """Suburbs named in full, as an import file names them (suburb, state, postcode), found in one
    statement. A suburb is left out when no town or suburb, or more than one, has that name, state
    and postcode: ``resolve_place`` then says why. Where one matches, it is the place
    ``resolve_place`` would give for "suburb state postcode"."""
    wanted = {
        (normalise_name(suburb), state, postcode): (suburb, state, postcode) for suburb, state, postcode in places
    }
    if not wanted:
        return {}
    found: dict[tuple[str, str, str], list[Place]] = {}
    for place in session.scalars(
        sa.select(Place).where(
            Place.kind.in_(("locality", "city")),
            one_of(session, Place.postcode, sorted({postcode for _, _, postcode in wanted})),
            one_of(session, Place.name_norm, sorted({name for name, _, _ in wanted})),
        )
    ):
        key = (place.name_norm, place.state, place.postcode)
        if key in wanted:
            found.setdefault(key, []).append(place)
    return {
        wanted[key]: ResolvedPlace(_label(place), place.lat, place.lng, place.state, place.postcode)
        for key, (place, *others) in found.items()
        if not others
    }


_NAMES_CACHE: dict[str, tuple[str, ...]] = {}


# Mail, delivery and business centres are postal artefacts, not places people search from.
_POSTAL_ARTEFACT = re.compile(r" (mc|dc|bc|mail centre|delivery centre|business centre)$")


def _names(session: Session) -> tuple[str, ...]:
    """Distinct normalised names, cached per database URL (the gazetteer changes only on load)."""
    key = str(session.get_bind().url)
    names = _NAMES_CACHE.get(key)
    if names is None:
        names = tuple(
            name
            for name in session.scalars(
                sa.select(Place.name_norm).where(Place.kind.in_(("locality", "city"))).distinct()
            )
            if not _POSTAL_ARTEFACT.search(name)
        )
        _NAMES_CACHE[key] = names
    return names


def is_place_name(session: Session, text: str) -> bool:
    """Whether ``text`` (without its state or postcode) is the name of a town or suburb of the
    gazetteer ("The Falls", "Needles"): no query once the names are read (cached per database)."""
    query = parse_place_query(text or "")
    if query is None or query.name is None:
        return False
    key = str(session.get_bind().url)
    names = _NAME_SETS.get(key)
    if names is None:
        names = _NAME_SETS[key] = frozenset(_names(session))
    return query.name in names


_NAME_SETS: dict[str, frozenset[str]] = {}


def forget_names_cache() -> None:
    """Forget what was read from the gazetteer (after it is loaded again)."""
    _NAMES_CACHE.clear()
    _NAME_SETS.clear()
    _RESOLVED.clear()
    _COMPLETED.clear()
    prefixes.forget()


def suggest_places(session: Session, name: str, state: str | None = None, limit: int = 5) -> list[PlaceCandidate]:
    """Close spellings of ``name`` that exist, best first."""
    close = difflib.get_close_matches(name, _names(session), n=limit, cutoff=0.75)
    if not close:
        return []
    rows = session.scalars(
        sa.select(Place).where(Place.name_norm.in_(close), Place.kind.in_(("locality", "city")))
    ).all()
    by_name: dict[str, list[Place]] = {}
    for row in rows:
        by_name.setdefault(row.name_norm, []).append(row)
    suggestions: list[PlaceCandidate] = []
    for norm in close:
        merged = _merge(by_name.get(norm, []))
        if state:
            merged = [p for p in merged if p.state == state] or merged
        suggestions.extend(_candidate(p) for p in merged)
    return suggestions[:limit]


def _postcode_suggestions(session: Session, postcode: str | None) -> list[PlaceCandidate]:
    if not postcode:
        return []
    low = str(max(0, int(postcode) - 5)).zfill(4)
    high = str(int(postcode) + 5).zfill(4)
    rows = session.scalars(
        sa.select(Place)
        .where(Place.kind == "postcode", Place.postcode.between(low, high), Place.po_box.is_(False))
        .order_by(Place.postcode)
        .limit(5)
    ).all()
    return [_candidate(p) for p in rows]


def autocomplete(session: Session, text: str, limit: int = 10) -> list[PlaceCandidate]:
    """Places whose name (or postcode) starts with what was typed, best first, at most ``limit``.
    Answers are remembered per process (people type the same beginnings)."""
    key = (str(session.get_bind().url), " ".join((text or "").split()).casefold(), limit)
    remembered = _COMPLETED.get(key)
    if remembered is None:
        remembered = tuple(_autocomplete(session, text, limit))
        _COMPLETED.put(key, remembered)
    return list(remembered)


def _autocomplete(session: Session, text: str, limit: int) -> list[PlaceCandidate]:
    folded = fold(text or "")
    if not folded:
        return []
    if folded.replace(" ", "").isdigit():
        prefix = folded.replace(" ", "")[:4]
        rows = session.scalars(
            sa.select(Place)
            .where(Place.kind == "postcode", Place.postcode >= prefix, Place.postcode < prefix + "\x7f")
            .order_by(Place.po_box, Place.postcode)
            .limit(limit)
        ).all()
        return [_candidate(p) for p in rows]
    query = parse_place_query(text)
    prefix = normalise_name(text) if query is None or query.name is None else query.name
    rows = prefixes.prefix_index(session).best(prefix, query.state if query else None, limit * 5)
    # One entry per place: merge per name, keep the ranking order of first appearance.
    seen: dict[str, list[Place]] = {}
    for row in rows:
        seen.setdefault(row.name_norm, []).append(row)
    results: list[PlaceCandidate] = []
    for group in seen.values():
        results.extend(_candidate(p) for p in _merge(group))
        if len(results) >= limit:
            break
    return results[:limit]
