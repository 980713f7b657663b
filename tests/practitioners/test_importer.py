"""``flask import-practitioners FILE.csv``: documented columns, idempotent, a report of rejected rows."""

from __future__ import annotations

import csv

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
