"""What an import of practitioners (importer.py) keeps from one batch of rows to the next: the
practices rows may share, and the listings made from objects of open data sets. Each reads the
database only for what a batch newly needs."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.bulk import insert_rows, one_of
from directory.practitioners.models import Practice, Practitioner

PRACTICE_COLUMNS = ("phone", "email", "website", "wheelchair_access")


class NewPractice:
    """A practice this import adds. Written with the others of its batch in one statement; ``id``
    is set then."""

    def __init__(self, values: dict, lat: float, lng: float) -> None:
        self.id: int | None = None
        self.name, self.address = values["practice_name"], values["address"]
        self.suburb, self.state, self.postcode = values["suburb"], values["state"], values["postcode"]
        self.lat, self.lng = lat, lng
        self.phone = self.email = self.website = None
        self.wheelchair_access = False

    def row(self) -> dict:
        return {
            column: getattr(self, column)
            for column in ("name", "address", "suburb", "state", "postcode", "lat", "lng", *PRACTICE_COLUMNS)
        }


class Practices:
    """The practices rows may share, by (name, address, postcode) ignoring case: read from the
    database one postcode at a time, as a batch first needs them, and kept for the rest of the
    import with the practices it adds."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.by_key: dict[tuple[str, str, str], Practice | NewPractice] = {}
        self.postcodes: set[str] = set()
        self.pending: list[NewPractice] = []

    @staticmethod
    def key(name: str, address: str, postcode: str) -> tuple[str, str, str]:
        return name.lower(), address.lower(), postcode

    def load(self, postcodes: Iterable[str]) -> None:
        wanted = set(postcodes) - self.postcodes
        if not wanted:
            return
        self.postcodes |= wanted
        for practice in self.session.scalars(
            sa.select(Practice).where(one_of(self.session, Practice.postcode, sorted(wanted))).order_by(Practice.id)
        ):
            self.by_key.setdefault(self.key(practice.name, practice.address, practice.postcode), practice)

    def find_or_add(self, values: dict, lat: float, lng: float) -> tuple[Practice | NewPractice, dict]:
        """The practice of this row (found, or new) and what the row changed on it."""
        key = self.key(values["practice_name"], values["address"], values["postcode"])
        practice = self.by_key.get(key)
        if practice is None:
            practice = self.by_key[key] = NewPractice(values, lat, lng)
            self.pending.append(practice)
        # Several rows may share a practice: a column left empty keeps what the practice has.
        changes = {
            column: [getattr(practice, column), values[column]]
            for column in PRACTICE_COLUMNS
            if values[column] is not None and getattr(practice, column) != values[column]
        }
        if changes and isinstance(practice, NewPractice) and practice.id is not None:
            practice = self.stored(practice)  # written by an earlier batch: changed as any other
        for column, (_old, new) in changes.items():
            setattr(practice, column, new)
        if "email" in changes and isinstance(practice, Practice):
            practice.email_source = "record"  # the listing's own data: it may verify claims
        return practice, changes

    def stored(self, practice: Practice | NewPractice) -> Practice:
        """The practice as the session knows it (the practice must be written)."""
        if isinstance(practice, Practice):
            return practice
        loaded = self.session.get(Practice, practice.id)
        self.by_key[self.key(loaded.name, loaded.address, loaded.postcode)] = loaded
        return loaded

    def write_new(self) -> None:
        """Write the new practices; each learns its id. As for listings, the rows go without
        RETURNING (COPY on PostgreSQL, bulk.py) and the ids are read back: practices added since
        the highest id before, matched by name, address and postcode (no other practice has those:
        the book would hold it)."""
        if not self.pending:
            return
        table: sa.Table = Practice.__table__  # type: ignore[assignment]
        before = self.session.scalar(sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0)))
        insert_rows(self.session, table, [practice.row() for practice in self.pending])
        for id_, name, address, postcode in self.session.execute(
            sa.select(table.c.id, table.c.name, table.c.address, table.c.postcode).where(table.c.id > before)
        ):
            practice = self.by_key.get(self.key(name, address, postcode))
            if isinstance(practice, NewPractice) and practice.id is None:
                practice.id = id_
        self.pending = []


class Origins:
    """Listings made from open-data objects, by (data set, object id): a row naming an object takes
    the slug of its listing, or a new slug that no other listing or row of this import holds (the
    one made from its name and suburb, else that with the object's id added). One statement for a
    batch that names objects; none for one that does not."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.slugs: dict[tuple[str, str], str] = {}  # what this import decided
        self.taken: set[str] = set()  # slugs given to objects' new listings by this import

    def resolve(self, parsed: list[tuple[int, dict, dict]]) -> None:
        named = [values for _, _, values in parsed if values["data_source"]]
        unknown = [v for v in named if (v["data_source"], v["data_source_id"]) not in self.slugs]
        if unknown:
            table: sa.Table = Practitioner.__table__  # type: ignore[assignment]
            found = self.session.execute(
                sa.select(table.c.slug, table.c.data_source, table.c.data_source_id).where(
                    sa.or_(
                        one_of(self.session, table.c.data_source_id, {v["data_source_id"] for v in unknown}),
                        one_of(self.session, table.c.slug, {v["slug"] for v in unknown}),
                    )
                )
            ).all()
            by_object = {(source, object_id): slug for slug, source, object_id in found if source}
            held = {slug: (source, object_id) for slug, source, object_id in found}
            for values in unknown:
                key = (values["data_source"], values["data_source_id"])
                if key in self.slugs:
                    continue  # a row earlier in this batch named it
                slug = by_object.get(key)
                if slug is None:
                    slug = values["slug"]
                    if (slug in held and held[slug] != key) or slug in self.taken:
                        kind, number = values["data_source_id"].split("/")
                        suffix = f"-{kind[0]}{number}"
                        slug = slug[: 120 - len(suffix)].rstrip("-") + suffix
                    self.taken.add(slug)
                self.slugs[key] = slug
        for values in named:
            values["slug"] = self.slugs[(values["data_source"], values["data_source_id"])]
