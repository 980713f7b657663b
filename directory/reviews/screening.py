"""Screening a new review: signals with scores, never a silent decision.

Each signal found is stored on the review with its score. A review whose total reaches
HOLD_THRESHOLD is held for a moderator when it is confirmed, instead of being published; the
reviewer is told why in words that do not teach a fraudster which signal fired (except where the
reviewer can fix it: links and contact details, and a positive clinical testimonial on the listing
of a registered practitioner, which they may revise; the rule is in ``testimonials.py``).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.practitioners.models import Practitioner
from directory.reviews.keys import fingerprint, jaccard, reviewer_key, shingles
from directory.reviews.models import Review
from directory.reviews.testimonials import (
    clinical_claims,
    patient_details,
    plain,
    testimonial_phrases,
    testimonial_sentences,
)

HOLD_THRESHOLD = 3

# Burst on one listing: reviews submitted in the last day (demo data aside).
BURST_WINDOW = timedelta(hours=24)
BURST_SOME, BURST_MANY = 5, 10
# The same client address behind reviews of this listing by other reviewers (a household shares
# an address, so one other is a weak signal; two or more hold).
REPEAT_CLIENT_WINDOW = timedelta(days=90)
# One client address (or one e-mail) writing about several listings.
SAME_SOURCE_WINDOW = timedelta(hours=24)
SAME_SOURCE_SOME, SAME_SOURCE_MANY = 2, 4
# Near-duplicate text: word 3-shingles compared with recent reviews.
NEAR_DUPLICATE_JACCARD = 0.7
# Reviews of one listing share words ("on time", "explained the fees"), so only near-copies count there.
NEAR_DUPLICATE_SAME_LISTING = 0.9
NEAR_DUPLICATE_RECENT = 300

WEBMAIL_DOMAINS = frozenset(
    """gmail.com googlemail.com outlook.com outlook.com.au hotmail.com hotmail.com.au live.com live.com.au
    msn.com yahoo.com yahoo.com.au ymail.com icloud.com me.com mac.com aol.com proton.me protonmail.com
    bigpond.com bigpond.net.au optusnet.com.au iinet.net.au internode.on.net tpg.com.au westnet.com.au
    dodo.com.au fastmail.com fastmail.fm gmx.com zoho.com""".split()
)

_LINK = re.compile(r"(?:https?://|www\.)\S+|\b[a-z0-9-]{2,}\.(?:com|net|org|info|biz|io|co)(?:\.au)?\b", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\d)(?:\+?61[\s-]?|0)[2-478](?:[\s-]?\d){8}(?!\d)|(?<!\d)1[38]00(?:[\s-]?\d){6}(?!\d)")
_INCENTIVE = re.compile(
    r"\b(?:discount(?:ed)?|voucher|gift\s*card|coupon|free\s+(?:session|massage|treatment|consult(?:ation)?|visit)"
    r"|in\s+exchange\s+for|for\s+(?:a|my|this)\s+review|paid\s+(?:me\s+)?(?:to|for)\s+(?:write|review|post)"
    r"|\d+\s*%\s*off|reward(?:ed)?\s+(?:me\s+)?for|incentive)\b",
    re.I,
)


@dataclass(frozen=True)
class Signal:
    signal: str
    score: int
    detail: str
    # Words of the text the reviewer may be shown (the wording of a positive clinical testimonial).
    quote: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def email_domain(address: str) -> str:
    return address.rsplit("@", 1)[-1].lower()


def _host(website: str | None) -> str | None:
    if not website:
        return None
    host = urlsplit(website if "//" in website else "//" + website).hostname or ""
    return host.removeprefix("www.") or None


# Reviews this many stars or fewer are never held for clinical wording: they describe a bad
# experience, and a positive word in one is not the praise a testimonial is (decision 0008).
TESTIMONIAL_MIN_RATING = 3


def text_signals(text: str, regulated: bool, rating: int | None = None) -> list[Signal]:
    """The signals in the words themselves (no database needed). ``regulated``: the listing is a
    registered practitioner's, where positive clinical testimonials are held (decision 0008);
    ``rating``: the review's stars, when known."""
    text = plain(text)
    signals: list[Signal] = []
    if _LINK.search(text):
        signals.append(Signal("link", 3, "The text contains a link or web address."))
    if _EMAIL.search(text) or _PHONE.search(text):
        signals.append(Signal("contact_details", 3, "The text contains an e-mail address or a phone number."))
    incentive = _INCENTIVE.search(text)
    if incentive:
        signals.append(Signal("incentive", 3, f"Incentive wording: “{incentive.group(0)}”."))
    if regulated and (rating is None or rating >= TESTIMONIAL_MIN_RATING):
        phrases = testimonial_phrases(text)
        if phrases:
            quoted = ", ".join(f"“{p}”" for p in phrases[:5])
            sentence = testimonial_sentences(text)[0]
            signals.append(
                Signal(
                    "clinical_testimonial",
                    3,
                    f"Positive clinical testimonial: {quoted}.",
                    quote=sentence if len(sentence) <= 200 else sentence[:199] + "…",
                )
            )
    return signals


def screen(
    session: Session,
    practitioner: Practitioner,
    *,
    text: str,
    body: str,
    email: str,
    key: str | None,
    now: datetime,
    submitted_by_owner: bool = False,
    rating: int | None = None,
) -> list[Signal]:
    """Every signal for a review about to be stored (it is not in the session yet). ``text`` is the
    title and body together (for wording), ``body`` the body alone (for duplicates)."""
    signals = text_signals(text, practitioner.profession.regulated, rating)
    reviewer = reviewer_key(email)
    owner = practitioner.owner
    if submitted_by_owner or (owner is not None and reviewer_key(owner.email) == reviewer):
        signals.append(Signal("owner_self_review", 5, "Written by the account that manages this listing."))
    domain = email_domain(email)
    practice = practitioner.practice
    practice_domains = {
        d for d in (email_domain(practice.email) if practice.email else None, _host(practice.website)) if d
    }
    if domain not in WEBMAIL_DOMAINS and (
        domain in practice_domains or any(domain.endswith("." + d) for d in practice_domains)
    ):
        signals.append(Signal("practice_domain", 4, f"The reviewer's e-mail is on the practice's domain ({domain})."))

    recent = Review.created_at >= now - BURST_WINDOW
    burst = (
        session.scalar(
            sa.select(sa.func.count())
            .select_from(Review)
            .where(Review.practitioner_id == practitioner.id, recent, Review.is_demo.is_(False))
        )
        or 0
    )
    if burst >= BURST_SOME:
        signals.append(
            Signal(
                "burst", 3 if burst >= BURST_MANY else 2, f"{burst} other reviews of this listing in the last 24 hours."
            )
        )

    since = now - SAME_SOURCE_WINDOW
    if key:
        from_client = (
            session.scalar(
                sa.select(sa.func.count(sa.distinct(Review.practitioner_id))).where(
                    Review.client_key == key, Review.created_at >= since, Review.practitioner_id != practitioner.id
                )
            )
            or 0
        )
        if from_client >= SAME_SOURCE_SOME:
            signals.append(
                Signal(
                    "same_client",
                    3 if from_client >= SAME_SOURCE_MANY else 2,
                    f"The same client address reviewed {from_client} other listings in 24 hours.",
                )
            )
        same_listing = (
            session.scalar(
                sa.select(sa.func.count(sa.distinct(Review.email_key))).where(
                    Review.client_key == key,
                    Review.practitioner_id == practitioner.id,
                    Review.email_key != reviewer,
                    Review.created_at >= now - REPEAT_CLIENT_WINDOW,
                )
            )
            or 0
        )
        if same_listing:
            signals.append(
                Signal(
                    "repeat_client",
                    3 if same_listing >= 2 else 2,
                    f"The same client address wrote {same_listing} other review{'s' if same_listing != 1 else ''} "
                    "of this listing in 90 days, under other e-mail addresses.",
                )
            )
    from_email = (
        session.scalar(
            sa.select(sa.func.count(sa.distinct(Review.practitioner_id))).where(
                Review.email_key == reviewer, Review.created_at >= since, Review.practitioner_id != practitioner.id
            )
        )
        or 0
    )
    if from_email >= SAME_SOURCE_SOME:
        signals.append(
            Signal(
                "same_email",
                3 if from_email >= SAME_SOURCE_MANY else 2,
                f"The same e-mail reviewed {from_email} other listings in 24 hours.",
            )
        )

    duplicate = duplicate_of(session, practitioner.id, body, key, reviewer)
    if duplicate:
        signals.append(duplicate)
    return signals


def duplicate_of(session: Session, practitioner_id: int, body: str, key: str | None, reviewer: str) -> Signal | None:
    """The same or nearly the same text as a published review by someone else: of another listing
    (any age for the same text, recent ones for nearly the same), or of this listing.

    Only published reviews count: a copy of a review that is itself waiting (perhaps held for a
    reason of its listing's own, such as clinical wording on a physiotherapist's listing) proves
    nothing yet; the first copy to be published makes the later ones duplicates. The reviewer's
    own earlier review of this listing is not a duplicate: a new version replaces it.
    """
    not_own_version = sa.or_(Review.practitioner_id != practitioner_id, Review.email_key != reviewer)
    exact = session.execute(
        sa.select(Review.id, Review.practitioner_id)
        .where(Review.fingerprint == fingerprint(body), Review.status == "published", not_own_version)
        .limit(1)
    ).first()
    if exact is not None:
        where = "this listing" if exact.practitioner_id == practitioner_id else "another listing"
        return Signal("duplicate_text", 3, f"The same text as review #{exact.id} of {where}.")
    mine = shingles(body)
    # The same source's reviews of other listings: by e-mail key, and by client key, each read
    # through its own index (one OR would have the planner read every published review).
    same_source = [
        sa.select(Review.id, Review.practitioner_id, Review.body).where(
            column == value, Review.status == "published", Review.practitioner_id != practitioner_id
        )
        for column, value in ((Review.email_key, reviewer), (Review.client_key, key))
        if value
    ]
    candidates = (
        # This listing's latest reviews by others, the same source's latest, and other listings' latest.
        sa.select(Review.id, Review.practitioner_id, Review.body)
        .where(Review.practitioner_id == practitioner_id, Review.email_key != reviewer, Review.status == "published")
        .order_by(Review.id.desc())
        .limit(100),
        sa.union(*same_source).order_by(sa.literal_column("id").desc()).limit(50),
        sa.select(Review.id, Review.practitioner_id, Review.body)
        .where(Review.practitioner_id != practitioner_id, Review.is_demo.is_(False), Review.status == "published")
        .order_by(Review.id.desc())
        .limit(NEAR_DUPLICATE_RECENT),
    )
    for statement in candidates:
        for review_id, other_listing, other_body in session.execute(statement):
            threshold = NEAR_DUPLICATE_SAME_LISTING if other_listing == practitioner_id else NEAR_DUPLICATE_JACCARD
            if jaccard(mine, shingles(other_body)) >= threshold:
                where = "this listing" if other_listing == practitioner_id else "another listing"
                return Signal("duplicate_text", 3, f"Nearly the same text as review #{review_id} of {where}.")
    return None


def response_signals(text: str) -> list[Signal]:
    """The signals of an owner's response (decision 0008): a clinical claim ("glad your back pain is
    gone") or words about the reviewer's health, treatment or visit ("your sessions", "when you came
    in"), which confirm that they were a patient. Either holds the response for a moderator."""
    signals = []
    claims = clinical_claims(text)
    if claims:
        quoted = ", ".join(f"“{c}”" for c in claims[:5])
        signals.append(Signal("clinical_claim", 3, f"A claim about treatment or its results: {quoted}.", quoted))
    details = patient_details(text)
    if details:
        quoted = ", ".join(f"“{d}”" for d in details[:5])
        signals.append(Signal("patient_details", 3, f"Words about the reviewer's health or visit: {quoted}.", quoted))
    return signals


def response_hold_reason(signals: list[Signal]) -> str:
    """What the owner is told when their response is held (empty when it is not)."""
    if not signals:
        return ""
    quotes = " ".join(s.quote for s in signals if s.quote)
    return (
        f"Your response is public and in your name. These words may confirm that the reviewer was your "
        f"patient, speak about their health or treatment, or claim results of treatment: {quotes}. A "
        "moderator will read your response before it is shown. You can change it now: thank the reviewer, "
        "speak about the service, and invite them to contact the practice."
    )


def total(signals: list[Signal]) -> int:
    return sum(s.score for s in signals)


def hold_reason(signals: list[Signal]) -> str:
    """What the reviewer is told when the review is held (empty when it is not)."""
    if total(signals) < HOLD_THRESHOLD:
        return ""
    names = {s.signal for s in signals}
    parts = []
    if names & {"clinical_testimonial", "clinical_outcome"}:  # the signal's name before decision 0008
        quote = next((sig.quote for sig in signals if sig.signal == "clinical_testimonial" and sig.quote), "")
        parts.append(
            "Your review seems to say that treatment worked"
            + (f", for example here: “{quote}”" if quote else "")
            + ". Physiotherapists are registered health practitioners. The regulator, Ahpra, does not let "
            "them use testimonials in their advertising. A testimonial is a positive statement about "
            "treatment or its results. To be careful, a moderator reads reviews like yours before they "
            "are published. You may also write a new version about the service: communication, "
            "punctuality, how treatment and fees were explained, and the premises. It replaces this one "
            "when you confirm it. We never hold a review because it describes a bad experience."
        )
    if names & {"link", "contact_details"}:
        parts.append(
            "Your review contains a link, an e-mail address or a phone number. A moderator checks these before "
            "publication; you may write a new version without them."
        )
    if names & {"incentive"}:
        parts.append(
            "Your review mentions a discount, gift or other incentive. Reviews written in exchange for an "
            "incentive are not published; a moderator will read it."
        )
    if not parts:
        parts.append("Some reviews are read by a moderator before publication. This usually takes a few days.")
    return " ".join(parts)
