"""A spatial index of each specialty's and each payer's practitioners, kept in step by triggers:
a search with a specialty or a payer reads only those practitioners of its circle, nearest first
or not, instead of every practitioner there (issue 9).

Each entry is a practitioner's practice position under a *kind*: the specialty's id, or 2048 plus
the payer's id; its key is the practitioner's id × 4096 + kind.

- SQLite: the R*Tree ``link_rtree`` (id, kind - 0.25, kind + 0.25, lat, lat, lng, lng): three
  dimensions, the first the kind. Entries of one kind with no width in it would make every box of
  them flat, of no volume, and the R*Tree, which chooses where an entry goes by the volume it
  adds, then built boxes that mixed kinds: a box query of one payer read most of the tree (10.6 ms
  for 56 entries within 2 km, against 0.08 ms with the width).
- PostgreSQL: the table ``link_points`` (practitioner_id, kind, spot) with a GiST index on
  ``spot``, the point (longitude + 400 × kind, latitude): each kind in its own stretch of the
  plane, so a box of one kind is one box query.

Revision ID: b8e4c2f6a9d1
Revises: d5e2a9c7b3f1
Create Date: 2026-12-07 15:30:00
"""

from alembic import op

revision = "b8e4c2f6a9d1"
down_revision = "d5e2a9c7b3f1"
branch_labels = None
depends_on = None

# Copied, not imported (a revision must not change when the application's code does); the search
# (practitioners/spatial.py) computes kinds and keys the same way.
KIND_LIMIT = 2048  # specialty and payer ids stay below this; a payer's kind is 2048 + its id
KEY_FACTOR = 4096
SHIFT = 400  # PostgreSQL: degrees of longitude between one kind's stretch of the plane and the next
HALF_WIDTH = 0.25  # SQLite: each entry's extent along the kind axis, either side of its kind

# (link table, its id column, kind offset)
LINKS = (("practitioner_specialties", "specialty_id", 0), ("practitioner_payers", "payer_id", KIND_LIMIT))


def _sqlite_up() -> list[str]:
    statements = [
        "CREATE VIRTUAL TABLE link_rtree USING rtree(id, min_kind, max_kind, min_lat, max_lat, min_lng, max_lng)"
    ]
    of_practitioner, of_practice = [], []  # the keys of a practitioner's entries, of a practice's
    for table, column, offset in LINKS:
        kind = f"{column} + {offset}"
        add_new = f"""INSERT OR REPLACE INTO link_rtree
                  SELECT new.practitioner_id * {KEY_FACTOR} + new.{kind},
                    new.{kind} - {HALF_WIDTH}, new.{kind} + {HALF_WIDTH},
                    pr.lat, pr.lat, pr.lng, pr.lng
                  FROM practitioners p JOIN practices pr ON pr.id = p.practice_id
                  WHERE p.id = new.practitioner_id"""  # the entry of the link ``new``
        statements += [
            f"""INSERT INTO link_rtree SELECT l.practitioner_id * {KEY_FACTOR} + l.{kind},
                  l.{kind} - {HALF_WIDTH}, l.{kind} + {HALF_WIDTH},
                  pr.lat, pr.lat, pr.lng, pr.lng
                FROM {table} l JOIN practitioners p ON p.id = l.practitioner_id
                JOIN practices pr ON pr.id = p.practice_id""",
            *[
                f"""CREATE TRIGGER {table}_link_guard{suffix} BEFORE {event} ON {table}
                    WHEN new.{column} >= {KIND_LIMIT} OR new.{column} < 0 BEGIN
                      SELECT RAISE(ABORT, '{column} out of the range link_rtree can hold');
                    END"""
                for suffix, event in (("", "INSERT"), ("_update", "UPDATE"))
            ],
            f"""CREATE TRIGGER {table}_link_insert AFTER INSERT ON {table} BEGIN
                  {add_new};
                END""",
            f"""CREATE TRIGGER {table}_link_delete AFTER DELETE ON {table} BEGIN
                  DELETE FROM link_rtree WHERE id = old.practitioner_id * {KEY_FACTOR} + old.{kind};
                END""",
            f"""CREATE TRIGGER {table}_link_update AFTER UPDATE ON {table} BEGIN
                  DELETE FROM link_rtree WHERE id = old.practitioner_id * {KEY_FACTOR} + old.{kind};
                  {add_new};
                END""",
        ]
        key = f"l.practitioner_id * {KEY_FACTOR} + l.{kind}"
        of_practitioner.append(f"SELECT {key} FROM {table} l WHERE l.practitioner_id = new.id")
        of_practice.append(
            f"SELECT {key} FROM {table} l JOIN practitioners p ON p.id = l.practitioner_id WHERE p.practice_id = new.id"
        )
    statements += [
        f"""CREATE TRIGGER practitioners_link_move AFTER UPDATE OF practice_id ON practitioners BEGIN
              UPDATE link_rtree SET
                min_lat = (SELECT lat FROM practices WHERE id = new.practice_id),
                max_lat = (SELECT lat FROM practices WHERE id = new.practice_id),
                min_lng = (SELECT lng FROM practices WHERE id = new.practice_id),
                max_lng = (SELECT lng FROM practices WHERE id = new.practice_id)
              WHERE id IN ({" UNION ALL ".join(of_practitioner)});
            END""",
        f"""CREATE TRIGGER practices_link_move AFTER UPDATE OF lat, lng ON practices BEGIN
              UPDATE link_rtree SET min_lat = new.lat, max_lat = new.lat, min_lng = new.lng, max_lng = new.lng
              WHERE id IN ({" UNION ALL ".join(of_practice)});
            END""",
    ]
    return statements


SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS practices_link_move",
    "DROP TRIGGER IF EXISTS practitioners_link_move",
    *[
        f"DROP TRIGGER IF EXISTS {table}_link_{what}"
        for table, _, _ in LINKS
        for what in ("update", "delete", "insert", "guard_update", "guard")
    ],
    "DROP TABLE IF EXISTS link_rtree",
]


def _postgresql_up() -> list[str]:
    statements = [
        """CREATE TABLE link_points (
             practitioner_id integer NOT NULL, kind integer NOT NULL, spot point NOT NULL,
             PRIMARY KEY (practitioner_id, kind))""",
    ]
    for table, column, offset in LINKS:
        kind = f"{column} + {offset}"
        spot = f"point(pr.lng + {SHIFT} * (l.{kind}), pr.lat)"
        # Inserts are handled a statement at a time (an import's COPY adds hundreds of thousands).
        # A move not yet committed is waited for, not read past, and none can happen before this
        # commits: the practitioners are locked FOR SHARE first, in a statement of their own (the
        # foreign key's own lock does not conflict with an update of practice_id; locked in the
        # same statement as the read, a practitioner who had moved meanwhile would be checked
        # against the practice it left and dropped), then the practices as they are read.
        added = f"""PERFORM 1 FROM practitioners WHERE id IN (SELECT practitioner_id FROM {{rows}})
                 ORDER BY id FOR SHARE;
                 INSERT INTO link_points (practitioner_id, kind, spot)
                 SELECT l.practitioner_id, l.{kind}, {spot}
                 FROM {{rows}} l JOIN practitioners p ON p.id = l.practitioner_id
                 JOIN practices pr ON pr.id = p.practice_id
                 FOR SHARE OF pr"""
        statements += [
            f"""INSERT INTO link_points (practitioner_id, kind, spot)
                SELECT l.practitioner_id, l.{kind}, {spot}
                FROM {table} l JOIN practitioners p ON p.id = l.practitioner_id
                JOIN practices pr ON pr.id = p.practice_id""",
            f"""CREATE FUNCTION {table}_link_added() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF EXISTS (SELECT 1 FROM added WHERE {column} >= {KIND_LIMIT} OR {column} < 0) THEN
                    RAISE EXCEPTION '{column} out of the range link_points can hold';
                  END IF;
                  {added.format(rows="added")};
                  RETURN NULL;
                END $$""",
            f"""CREATE TRIGGER {table}_link_added AFTER INSERT ON {table}
                REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION {table}_link_added()""",
            f"""CREATE FUNCTION {table}_link_removed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  DELETE FROM link_points WHERE practitioner_id = OLD.practitioner_id AND kind = OLD.{kind};
                  IF TG_OP = 'UPDATE' THEN
                    IF NEW.{column} >= {KIND_LIMIT} OR NEW.{column} < 0 THEN
                      RAISE EXCEPTION '{column} out of the range link_points can hold';
                    END IF;
                    PERFORM 1 FROM practitioners WHERE id = NEW.practitioner_id FOR SHARE;
                    INSERT INTO link_points (practitioner_id, kind, spot)
                    SELECT NEW.practitioner_id, NEW.{kind}, point(pr.lng + {SHIFT} * (NEW.{kind}), pr.lat)
                    FROM practitioners p JOIN practices pr ON pr.id = p.practice_id
                    WHERE p.id = NEW.practitioner_id FOR SHARE OF pr;
                  END IF;
                  RETURN NULL;
                END $$""",
            f"""CREATE TRIGGER {table}_link_removed AFTER DELETE OR UPDATE ON {table}
                FOR EACH ROW EXECUTE FUNCTION {table}_link_removed()""",
        ]
    statements += [
        # The practice was locked FOR SHARE by practitioners_area (a BEFORE trigger) already.
        f"""CREATE FUNCTION practitioners_link_move() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              UPDATE link_points SET spot = point(pr.lng + {SHIFT} * link_points.kind, pr.lat)
              FROM practices pr WHERE pr.id = NEW.practice_id AND link_points.practitioner_id = NEW.id;
              RETURN NULL;
            END $$""",
        """CREATE TRIGGER practitioners_link_move AFTER UPDATE OF practice_id ON practitioners
           FOR EACH ROW WHEN (OLD.practice_id IS DISTINCT FROM NEW.practice_id)
           EXECUTE FUNCTION practitioners_link_move()""",
        # A practitioner moving away from this practice at the same time is waited for: the
        # trigger practices_area (migration d5e2a9c7b3f1), which PostgreSQL fires first (triggers
        # of one event fire in the order of their names), updates every practitioner of the
        # practice, so it holds their rows by the time this one reads them.
        f"""CREATE FUNCTION practices_link_move() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              UPDATE link_points SET spot = point(NEW.lng + {SHIFT} * link_points.kind, NEW.lat)
              FROM practitioners p WHERE p.practice_id = NEW.id AND link_points.practitioner_id = p.id;
              RETURN NULL;
            END $$""",
        """CREATE TRIGGER practices_link_move AFTER UPDATE OF lat, lng ON practices
           FOR EACH ROW WHEN (OLD.lat IS DISTINCT FROM NEW.lat OR OLD.lng IS DISTINCT FROM NEW.lng)
           EXECUTE FUNCTION practices_link_move()""",
        "CREATE INDEX ix_link_points_spot ON link_points USING gist (spot)",
        "ANALYZE link_points",
    ]
    return statements


POSTGRESQL_DOWN = [
    "DROP TRIGGER IF EXISTS practices_link_move ON practices",
    "DROP FUNCTION IF EXISTS practices_link_move()",
    "DROP TRIGGER IF EXISTS practitioners_link_move ON practitioners",
    "DROP FUNCTION IF EXISTS practitioners_link_move()",
    *[
        statement
        for table, _, _ in LINKS
        for statement in (
            f"DROP TRIGGER IF EXISTS {table}_link_removed ON {table}",
            f"DROP FUNCTION IF EXISTS {table}_link_removed()",
            f"DROP TRIGGER IF EXISTS {table}_link_added ON {table}",
            f"DROP FUNCTION IF EXISTS {table}_link_added()",
        )
    ],
    "DROP TABLE IF EXISTS link_points",
]


def upgrade():
    bind = op.get_bind()
    for table in ("specialties", "payers"):
        highest = bind.exec_driver_sql(f"SELECT max(id) FROM {table}").scalar()
        if highest is not None and highest >= KIND_LIMIT:
            raise RuntimeError(f"{table} has id {highest}: the lists' spatial index holds ids below {KIND_LIMIT}")
    sqlite = bind.dialect.name == "sqlite"
    for statement in _sqlite_up() if sqlite else _postgresql_up():
        op.execute(statement)


def downgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE_DOWN if sqlite else POSTGRESQL_DOWN:
        op.execute(statement)
