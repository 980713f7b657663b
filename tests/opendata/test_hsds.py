"""Open Referral HSDS 3.0: ``flask export-hsds`` and ``/api/v1/hsds`` validated against the
vendored HSDS schemas (hsds_schema/, CC BY-SA 4.0: see its NOTICE) on SQLite and PostgreSQL, with
the listing's last confirmation as ``assured_date``, the open-data origin and licence carried, and
no reviews."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from directory.demo.seed import seed_demo
from directory.extensions import db
from directory.opendata.hsds import hsds_id
from directory.practitioners.models import Practitioner
from directory.reviews.models import Review

SCHEMAS = Path(__file__).parent / "hsds_schema"
BASE = "https://hsds.test/schema/"


@pytest.fixture(scope="module")
def validators() -> dict[str, Draft202012Validator]:
    resources = {
        BASE + path.name: Resource.from_contents(json.loads(path.read_text(encoding="utf-8")), DRAFT202012)
        for path in SCHEMAS.glob("*.json")
    }
    registry = Registry().with_resources(resources.items())
    return {
        name: Draft202012Validator({"$ref": BASE + f"{name}.json"}, registry=registry, format_checker=FormatChecker())
        for name in ("service", "organization", "location", "service_at_location")
    }


def _valid(validator: Draft202012Validator, record: dict) -> None:
    errors = sorted(validator.iter_errors(record), key=lambda e: list(e.path))
    assert not errors, [(list(e.path), e.message) for e in errors[:5]]


@pytest.fixture
def demo(app, make_practitioner):
    with app.app_context():
        seed_demo(db.session, practitioners=40, reviews=60, seed=3)
        db.session.commit()
        db.session.remove()
    return make_practitioner(
        name="Harbour Physiotherapy",
        slug="harbour-physiotherapy-fitzroy",
        practice={"name": "Harbour Physiotherapy", "wheelchair_access": True, "phone": "+61 3 5550 1111"},
        hours={"mon": "08:00-18:00", "tue": "08:00-18:00", "sat": "09:00-12:00"},
        languages=["English", "Greek", "Noongar"],
        data_source="openstreetmap",
        data_source_id="node/1001",
        specialties=("sports-injuries",),
        payers=("private-health",),
    )


def test_the_export_of_the_demo_data_validates_against_the_hsds_schemas(app, runner, tmp_path, demo, validators):
    result = runner.invoke(args=["export-hsds", str(tmp_path / "hsds")])
    assert result.exit_code == 0, result.output
    assert "Wrote 41 services" in result.output and "HSDS 3.0" in result.output
    files = {name: json.loads((tmp_path / "hsds" / f"{name}.json").read_text(encoding="utf-8")) for name in (
        "services", "organizations", "locations", "service_at_locations", "dataset")}  # fmt: skip
    for name, schema in (
        ("services", "service"),
        ("organizations", "organization"),
        ("locations", "location"),
        ("service_at_locations", "service_at_location"),
    ):
        assert files[name], name
        for record in files[name]:
            _valid(validators[schema], record)
    assert files["dataset"]["hsds_version"] == "3.0"
    assert files["dataset"]["licence"]["name"] == "Open Database License (ODbL) 1.0"
    assert {a["name"] for a in files["dataset"]["attribution"]} >= {"GeoNames", "OpenStreetMap"}
    ids = [r["id"] for name in ("services", "organizations", "locations") for r in files[name]]
    assert len(ids) == len(set(ids))

    with app.app_context():
        confirmed = {hsds_id("service", p.id): p.confirmed_at for p in db.session.scalars(sa.select(Practitioner))}
        bodies = list(db.session.scalars(sa.select(Review.body).limit(20)))
        db.session.remove()
    for record in files["services"]:
        assert record["assured_date"] == confirmed[record["id"]].date().isoformat()
    text = json.dumps(files)
    assert all(body not in text for body in bodies) and '"rating' not in text  # no reviews, no ratings

    harbour = next(r for r in files["services"] if r["id"] == hsds_id("service", demo.id))
    location = harbour["service_at_locations"][0]["location"]
    assert (location["external_identifier"], location["external_identifier_type"]) == ("node/1001", "OpenStreetMap")
    assert "OpenStreetMap contributors" in harbour["description"] and "ODbL" in harbour["description"]
    assert location["accessibility"][0]["description"] == "Wheelchair access."
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in harbour["schedules"]] == [
        ("MO,TU", "08:00", "18:00"),
        ("SA", "09:00", "12:00"),
    ]
    assert [(lang["name"], lang.get("code")) for lang in harbour["languages"]] == [
        ("English", "en"),
        ("Greek", "el"),
        ("Noongar", None),
    ]
    assert harbour["url"].endswith("/practitioners/harbour-physiotherapy-fitzroy")
    assert "Fictional demo" in next(r for r in files["services"] if r["id"] != harbour["id"])["description"]


def test_the_api_serves_the_same_objects_in_pages(app, client, demo, validators, count_queries):
    meta = client.get("/api/v1/hsds").get_json()
    assert meta["version"] == "3.0" and meta["openapi_url"].endswith("/api/v1/openapi.json")
    assert meta["licence"]["url"] == "https://opendatacommons.org/licenses/odbl/1-0/"

    client.get("/api/v1/hsds/services?per_page=5")  # warm the per-process caches
    with count_queries() as statements:
        page = client.get("/api/v1/hsds/services?page=2&per_page=10").get_json()
    assert len(statements) <= 4, statements
    assert (page["total_items"], page["total_pages"], page["page_number"], page["size"]) == (41, 5, 2, 10)
    assert (page["first_page"], page["last_page"], page["empty"]) == (False, False, False)
    for record in page["contents"]:
        _valid(validators["service"], record)

    one = client.get(f"/api/v1/hsds/services/{hsds_id('service', demo.id)}")
    assert one.status_code == 200
    _valid(validators["service"], one.get_json())
    organization_id = one.get_json()["organization_id"]
    organization = client.get(f"/api/v1/hsds/organizations/{organization_id}").get_json()
    _valid(validators["organization"], organization)
    assert organization["locations"][0]["external_identifier"] == "node/1001"
    organizations = client.get("/api/v1/hsds/organizations?per_page=50").get_json()
    for record in organizations["contents"]:
        _valid(validators["organization"], record)
    assert client.get("/api/v1/hsds/services?page=99").get_json()["empty"] is True


@pytest.mark.parametrize(
    ("path", "status", "field"),
    [
        ("/api/v1/hsds/services/not-a-uuid", 404, "id"),
        ("/api/v1/hsds/services/6d6f7665-0100-8000-8000-000000000001", 404, "id"),  # an organization's id
        ("/api/v1/hsds/organizations/6d6f7665-0100-8000-8000-0000ffffffff", 404, "id"),
        ("/api/v1/hsds/services?per_page=51", 400, "per_page"),
        ("/api/v1/hsds/services?page=0", 400, "page"),
        ("/api/v1/hsds/organizations?page=", 400, "page"),
    ],
)
def test_bad_ids_and_pages_get_a_clear_answer(client, path, status, field):
    response = client.get(path)
    assert response.status_code == status
    assert response.get_json()["error"]["field"] == field
