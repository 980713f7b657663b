"""Payers per profession, with the conditions patients should know (docs/domain.md, "Funding")."""

from __future__ import annotations

import sqlalchemy as sa

from directory.extensions import db
from directory.practitioners.models import Payer
from directory.practitioners.taxonomy import PAYER_TERMS, PAYERS, PAYERS_FOR, PHYSIO, RMT, payer_condition

# Public API: these slugs never change, whatever the names become.
STABLE_SLUGS = {"private-health", "hicaps", "medicare-care-plan", "dva", "workcover", "ctp", "ndis"}


def test_payer_slugs_are_stable_and_the_database_has_the_current_names(app):
    assert {slug for slug, _name in PAYERS} == STABLE_SLUGS
    with app.app_context():
        stored = dict(db.session.execute(sa.select(Payer.slug, Payer.name)).all())
        db.session.remove()
    assert stored == dict(PAYERS)
    assert stored["medicare-care-plan"] == "Medicare: GP Chronic Condition Management Plan"


def test_massage_therapists_can_accept_workers_compensation_under_conditions_but_not_medicare_dva_or_ctp():
    assert set(PAYERS_FOR[RMT]) == {"private-health", "hicaps", "workcover"}
    condition = payer_condition(RMT, "workcover")
    assert "some states" in condition and "doctor's request" in condition and "insurer's approval" in condition
    for slug in ("medicare-care-plan", "dva", "ctp", "ndis"):
        assert payer_condition(RMT, slug) is None
    assert "provider number" in payer_condition(RMT, "private-health")


def test_physiotherapy_payers_say_what_each_needs():
    assert set(PAYERS_FOR[PHYSIO]) == STABLE_SLUGS
    medicare = payer_condition(PHYSIO, "medicare-care-plan")
    assert "GP Chronic Condition Management Plan" in medicare and "5 allied-health visits a calendar year" in medicare
    assert "referral from your GP" in payer_condition(PHYSIO, "dva")
    assert "accepted" in payer_condition(PHYSIO, "workcover") and "accepted" in payer_condition(PHYSIO, "ctp")
    assert all(text.endswith(".") for terms in PAYER_TERMS.values() for text in terms.values())
