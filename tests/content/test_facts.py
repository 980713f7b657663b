"""The facts of issue 12 on the guide and the review policy, each held by a check of the page
(the difference section and the taxonomy have theirs in tests/listings and tests/practitioners)."""

from __future__ import annotations

import pytest

from tests.content.readability import part, visible_text


@pytest.fixture
def guide(client) -> str:
    return visible_text(part(client.get("/guide/remedial-massage-vs-physiotherapy").get_data(as_text=True)))


def test_the_guide_has_the_medicare_plan_by_its_current_name(guide):
    for text in ("GP Chronic Condition Management Plan", "1 July 2025", "30 June 2027", "5 allied-health visits"):
        assert text in guide, text
    assert "Chronic Disease Management" not in guide


def test_the_guide_gives_the_referral_exceptions(guide):
    assert "unless Medicare, the Department of Veterans’ Affairs (DVA) or an insurer is paying" in guide
    assert "You can see a physiotherapist without a GP referral" not in guide


def test_the_guide_says_when_workers_compensation_pays_for_massage(guide):
    assert "Workers’ compensation, in some states and under conditions" in guide
    for scheme in ("New South Wales has a fees order", "WorkSafe Victoria", "ReturnToWorkSA"):
        assert scheme in guide, scheme
    assert "Private health insurance extras only" not in guide
    assert "Usually not a DVA Veteran Card" in guide and "Not Medicare." in guide


def test_the_guide_names_the_associations_and_the_soft_tissue_claims_plainly(guide):
    assert "the Association of Massage Therapists (AMT)" in guide
    assert "Australian Massage Therapists" not in guide and "MAA" not in guide
    assert "tight and tender spots (often called knots)" in guide and "adhesion" not in guide.lower()


def test_the_guide_says_what_we_checked_and_never_calls_a_number_verified(guide):
    for state in ("Checked", "Self-declared", "Not current"):
        assert state in guide, state
    assert "verified" not in guide.lower()
    assert "last confirmed" in guide


def test_the_policy_states_the_testimonial_rule_without_overstating_it(client):
    policy = visible_text(part(client.get("/review-policy").get_data(as_text=True)))
    assert "A testimonial is a positive statement about a clinical matter" in policy
    assert "We never hold a review because it describes a bad experience." in policy
    assert "Reviews of one or two stars are never held" in policy
    assert "Invited by the practice" in policy and "Verified visit" not in policy
    for overstated in ("illegal", "against the law to", "does not allow their listings"):
        assert overstated not in policy
