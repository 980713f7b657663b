"""``flask import-practitioners FILE.csv``: documented columns, idempotent, a report of rejected rows."""

from __future__ import annotations

import csv

import pytest
import sqlalchemy as sa

from directory.audit.models import AuditEvent
from directory.extensions import db
from directory.practitioners.models import Practice, Practitioner

HEADER = (
    "name,profession,practice_name,address,suburb,state,postcode,phone,email,website,registration_number,"
    "association,specialties,payers,languages,bio,telehealth,home_visits,after_hours,slug,lat,lng"
)
GOOD_ROWS = [
    "Ana Ruiz,physiotherapist,Harbour Physio,12 Bay St,Fitzroy,VIC,3065,(03) 5550 1111,front@harbour.example.com,"
    "harbour.example.com,PHY0001234567,,Sports injuries;pelvic-health,private-health;hicaps;dva,English;Spanish,"
    "Runner-focused physio.,yes,no,yes,,,",
    "Ben Lee,Remedial massage therapist,Harbour Physio,12 Bay St,Fitzroy,VIC,3065,,,,MAA-1234,"
    "Massage Association of Australia,deep-tissue,private-health,,,no,no,no,,,",
    "Cai Ng,remedial-massage-therapist,Red Centre Massage,5 Todd St,Alice Springs,NT,870,,,,,,,,,,,,,cai-ng-alice,,",
    "Dee Oh,physiotherapist,Island Physio,1 Esplanade,Broome,WA,6725,,,,,,,,,,,,,,-17.96,122.24",
]
BAD_ROWS = [
    ("Bad Prof,physio,X,1 St,Fitzroy,VIC,3065,,,,,,,,,,,,,,,", "profession"),
    ("No Place,physiotherapist,X,1 St,Xqzzyville,VIC,3999,,,,,,,,,,,,,,,", "suburb"),
    ("Wrong Spec,remedial-massage-therapist,X,1 St,Fitzroy,VIC,3065,,,,,,pelvic-health,,,,,,,,,", "specialties"),
    ("Wrong Payer,remedial-massage-therapist,X,1 St,Fitzroy,VIC,3065,,,,,,,ndis,,,,,,,,", "payers"),
    ("Bad Ahpra,physiotherapist,X,1 St,Fitzroy,VIC,3065,,,,12345,,,,,,,,,,,", "registration_number"),
    ("Bad Mail,physiotherapist,X,1 St,Fitzroy,VIC,3065,,not-an-address,,,,,,,,,,,,,", "email"),
    ("Far Away,physiotherapist,X,1 St,Fitzroy,VIC,3065,,,,,,,,,,,,,,51.5,-0.12", "lat"),
    ("Bad Flag,physiotherapist,X,1 St,Fitzroy,VIC,3065,,,,,,,,,,maybe,,,,,", "telehealth"),
    (",physiotherapist,X,1 St,Fitzroy,VIC,3065,,,,,,,,,,,,,,,", "name"),
    ("Bad State,physiotherapist,X,1 St,Fitzroy,XYZ,3065,,,,,,,,,,,,,,,", "state"),
]


def _write(tmp_path, rows, name="practitioners.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _listings(app):
    with app.app_context():
        rows = db.session.execute(
            sa.select(Practitioner.slug, Practitioner.name, Practice.name, Practice.lat, Practice.lng)
            .join(Practice)
            .order_by(Practitioner.slug)
        ).all()
        db.session.remove()
        return [tuple(r) for r in rows]


def test_import_creates_listings_and_a_second_run_changes_nothing(app, runner, tmp_path):
    path = _write(tmp_path, GOOD_ROWS + [row for row, _ in BAD_ROWS])
    result = runner.invoke(args=["import-practitioners", str(path)])
    assert result.exit_code == 0, result.output
    assert "4 created, 0 updated, 0 unchanged" in result.output and f"{len(BAD_ROWS)} rejected" in result.output
    listings = _listings(app)
    assert [slug for slug, *_ in listings] == ["ana-ruiz-fitzroy", "ben-lee-fitzroy", "cai-ng-alice", "dee-oh-broome"]
    # Ana and Ben share one practice; Fitzroy VIC 3065 was placed by the gazetteer; Dee's given coordinates kept.
    by_slug = {slug: (practice, lat, lng) for slug, _name, practice, lat, lng in listings}
    assert by_slug["ana-ruiz-fitzroy"] == by_slug["ben-lee-fitzroy"]
    assert abs(by_slug["ana-ruiz-fitzroy"][1] + 37.80) < 0.05 and abs(by_slug["ana-ruiz-fitzroy"][2] - 144.98) < 0.05
    assert by_slug["dee-oh-broome"][1:] == (-17.96, 122.24)
    with app.app_context():
        ana = db.session.scalars(sa.select(Practitioner).where(Practitioner.slug == "ana-ruiz-fitzroy")).one()
        assert [s.slug for s in ana.specialties] == ["pelvic-health", "sports-injuries"]
        assert sorted(p.slug for p in ana.payers) == ["dva", "hicaps", "private-health"]
        assert ana.languages == ["English", "Spanish"] and ana.telehealth and ana.after_hours
        assert ana.practice.website == "https://harbour.example.com" and ana.registration_number == "PHY0001234567"
        assert (
            db.session.scalars(sa.select(Practice.postcode).where(Practice.name == "Red Centre Massage")).one()
            == "0870"
        )
        events = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
        db.session.remove()

    again = runner.invoke(args=["import-practitioners", str(path)])
    assert "0 created, 0 updated, 4 unchanged" in again.output
    assert _listings(app) == listings
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == events
        db.session.remove()


def test_rejected_rows_are_reported_with_line_column_and_reason(app, runner, tmp_path):
    path = _write(tmp_path, [GOOD_ROWS[0]] + [row for row, _ in BAD_ROWS])
    result = runner.invoke(args=["import-practitioners", str(path)])
    report = tmp_path / "practitioners.rejected.csv"
    assert str(report) in result.output
    with report.open(encoding="utf-8") as handle:
        rejected = list(csv.DictReader(handle))
    assert [r["line"] for r in rejected] == [str(n) for n in range(3, 3 + len(BAD_ROWS))]
    assert [r["column"] for r in rejected] == [column for _, column in BAD_ROWS]
    assert all(r["error"] for r in rejected) and rejected[0]["name"] == "Bad Prof"
    assert [slug for slug, *_ in _listings(app)] == ["ana-ruiz-fitzroy"]  # nothing of a rejected row


def test_a_changed_row_updates_and_a_claimed_listing_is_left_to_its_owner(app, runner, tmp_path, make_user, set_owner):
    path = _write(tmp_path, GOOD_ROWS[:2])
    runner.invoke(args=["import-practitioners", str(path)])
    changed = [
        GOOD_ROWS[0].replace("Runner-focused physio.", "Pelvic health and running."),
        GOOD_ROWS[1].replace("deep-tissue", "sports-massage"),
    ]
    with app.app_context():
        ben = db.session.scalars(sa.select(Practitioner).where(Practitioner.slug == "ben-lee-fitzroy")).one()
        db.session.remove()
    set_owner(ben, make_user(email="ben@example.org"))
    result = runner.invoke(args=["import-practitioners", str(_write(tmp_path, changed, "second.csv"))])
    assert "0 created, 1 updated, 0 unchanged, 1 left to their owners" in result.output
    with app.app_context():
        ana = db.session.scalars(sa.select(Practitioner).where(Practitioner.slug == "ana-ruiz-fitzroy")).one()
        ben = db.session.scalars(sa.select(Practitioner).where(Practitioner.slug == "ben-lee-fitzroy")).one()
        assert ana.bio == "Pelvic health and running."
        assert [s.slug for s in ben.specialties] == ["deep-tissue"]  # the owner's listing is untouched
        event = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert event.action == "listing.imported" and event.details["bio"][1] == "Pelvic health and running."
        db.session.remove()


def test_unreadable_files_and_missing_columns_are_refused(app, runner, tmp_path):
    latin = tmp_path / "latin.csv"
    latin.write_bytes((HEADER + "\nZoë,physiotherapist,X,1 St,Fitzroy,VIC,3065" + ",," * 7 + "\n").encode("latin-1"))
    result = runner.invoke(args=["import-practitioners", str(latin)])
    assert result.exit_code != 0 and "not UTF-8" in result.output
    short = tmp_path / "short.csv"
    short.write_text("name,profession\nAna,physiotherapist\n", encoding="utf-8")
    result = runner.invoke(args=["import-practitioners", str(short)])
    assert result.exit_code != 0 and "Missing columns: practice_name, address, suburb, state, postcode" in result.output
    assert _listings(app) == []


def _many_rows(count: int) -> list[str]:
    """Rows for ``count`` therapists at one practice in Fitzroy, placed by the gazetteer."""
    return [
        f"Therapist {n:03},remedial-massage-therapist,Bay Massage,3 Bay St,Fitzroy,VIC,3065,,,,,,deep-tissue,"
        "private-health,,,no,no,no,,,"
        for n in range(count)
    ]


def test_statements_per_import_do_not_grow_with_the_rows(app, runner, tmp_path, count_queries):
    """Rows are read and written a batch at a time: 60 rows take the statements 10 rows take."""
    small, large = _write(tmp_path, _many_rows(10), "small.csv"), _write(tmp_path, _many_rows(60), "large.csv")
    assert "10 created" in runner.invoke(args=["import-practitioners", str(small)]).output
    with count_queries() as ten:
        assert "10 unchanged" in runner.invoke(args=["import-practitioners", str(small)]).output
    with count_queries() as sixty:
        assert "50 created, 0 updated, 10 unchanged" in runner.invoke(args=["import-practitioners", str(large)]).output

    def kind(statements, *verbs):
        return [s for s in statements if s.lstrip().split(None, 1)[0].upper() in verbs]

    # The 10-row import only reads; the 60-row one also reads back the ids of the new listings,
    # and writes listings, their specialties, their payers and the audit events (PostgreSQL by COPY).
    writes = ("INSERT", "UPDATE", "DELETE", "COPY")
    assert len(kind(sixty, "SELECT")) == len(kind(ten, "SELECT")) + 1 <= 11, kind(sixty, "SELECT")
    assert len(kind(ten, *writes)) == 0
    assert len(kind(sixty, *writes)) == 4, sixty


def test_postgresql_statistics_keep_up_with_a_growing_import(app, runner, tmp_path, count_queries, monkeypatch):
    """Into an empty database PostgreSQL planned every batch for empty tables, and each took longer
    than the last: the tables are analyzed in the import's transaction each time the listings
    have doubled (here from 4 on: at 4 and 8 of 12), besides the ANALYZE of every table after it."""
    from directory.practitioners import importer

    monkeypatch.setattr(importer, "BATCH", 2)
    monkeypatch.setattr(importer, "GROWTH_FROM", 4)
    with count_queries() as statements:
        assert (
            "12 created" in runner.invoke(args=["import-practitioners", str(_write(tmp_path, _many_rows(12)))]).output
        )
    analyzed = [" ".join(s.split()) for s in statements if s.lstrip().upper().startswith("ANALYZE")]
    with app.app_context():
        dialect = db.engine.dialect.name
    if dialect != "postgresql":
        assert analyzed == []  # SQLite plans without statistics
        return
    growing = "ANALYZE (SKIP_LOCKED) practices, practitioners, practitioner_specialties, practitioner_payers"
    assert analyzed[:-1] == [growing, growing]
    # After it every table, the ones the migrations make that the models do not included.
    assert all(f" {name}" in analyzed[-1] for name in ("reviews", "link_points", "practitioner_search"))
    # Twelve more into the 12: no ANALYZE until they have doubled again.
    with count_queries() as statements:
        more = [row.replace("Therapist", "Masseur") for row in _many_rows(12)]
        assert (
            "12 created" in runner.invoke(args=["import-practitioners", str(_write(tmp_path, more, "more.csv"))]).output
        )
    analyzed = [" ".join(s.split()) for s in statements if s.lstrip().upper().startswith("ANALYZE")]
    assert analyzed[:-1] == [growing]


def test_batches_give_the_same_listings_as_one_batch(app, runner, tmp_path, monkeypatch):
    """Two rows a batch: a practice named in one batch is found in the next (whatever the case of its
    name) and changed there; a slug seen earlier is updated by a later row, in the same batch too,
    and may move to a practice of that batch; a rejected row between them writes nothing."""
    from directory.practitioners import importer

    monkeypatch.setattr(importer, "BATCH", 2)
    rows = [
        GOOD_ROWS[0],
        BAD_ROWS[0][0],
        GOOD_ROWS[1].replace("Harbour Physio,12 Bay St", "HARBOUR PHYSIO,12 BAY ST"),
        GOOD_ROWS[3],
        GOOD_ROWS[0].replace("Runner-focused physio.", "Second row for Ana."),
        GOOD_ROWS[0]
        .replace("Runner-focused physio.", "Second row for Ana.")
        .replace("Harbour Physio,12 Bay St", "New Physio,1 New St"),
        GOOD_ROWS[1].replace("3065,,,,MAA", "3065,(03) 5550 2222,,,MAA"),
    ]
    result = runner.invoke(args=["import-practitioners", str(_write(tmp_path, rows))])
    assert "3 created, 3 updated, 0 unchanged" in result.output and "1 rejected" in result.output
    listings = _listings(app)
    assert [slug for slug, *_ in listings] == ["ana-ruiz-fitzroy", "ben-lee-fitzroy", "dee-oh-broome"]
    by_slug = {slug: practice for slug, _name, practice, _lat, _lng in listings}
    assert by_slug == {
        "ana-ruiz-fitzroy": "New Physio",
        "ben-lee-fitzroy": "Harbour Physio",
        "dee-oh-broome": "Island Physio",
    }
    with app.app_context():
        practices = {p.name: p for p in db.session.scalars(sa.select(Practice))}
        assert sorted(practices) == ["Harbour Physio", "Island Physio", "New Physio"]
        assert practices["Harbour Physio"].phone == "(03) 5550 2222"
        ana = db.session.scalars(sa.select(Practitioner).where(Practitioner.slug == "ana-ruiz-fitzroy")).one()
        assert ana.bio == "Second row for Ana."
        events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
        assert [sorted(e.details) for e in events] == [
            ["created"],
            ["created"],
            ["created"],
            ["bio"],
            ["practice", "practice_email", "practice_phone", "practice_website"],
            ["practice_phone"],
        ]
        db.session.remove()


def test_postgresql_planner_statistics_are_fresh_after_an_import(app, runner, tmp_path):
    """An import ends with ANALYZE on PostgreSQL, so the next search is planned for the new sizes
    (autovacuum may be late, or off)."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite keeps no planner statistics (decision 0010)")
        analysed = sa.text(
            "SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'practitioners' "
            "AND schemaname = current_schema()"
        )
        before = db.session.scalar(analysed)
        db.session.remove()
    assert "4 created" in runner.invoke(args=["import-practitioners", str(_write(tmp_path, GOOD_ROWS))]).output
    with app.app_context():
        db.session.execute(sa.text("SELECT pg_stat_clear_snapshot()"))
        after = db.session.scalar(analysed)
        db.session.remove()
    assert after is not None and (before is None or after > before)
