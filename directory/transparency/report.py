"""The transparency report, generated from the audit log (never typed in).

Every figure is a count of audit events, which the services record in the same transaction as
the change they describe: a review confirmed by its writer ("received"), published (at once or by
a moderator), held, rejected, removed, withdrawn; reports and how they were closed; the waiting
time a moderator's decision records; claims granted and ownerships revoked; takedown requests and
their outcomes; owners' responses and public corrections. Demo data writes no events, so it is
never counted. Months are calendar months in UTC.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from directory.audit.models import AuditEvent
from directory.clock import utcnow
from directory.reviews.models import MODERATION_REASONS, REPORT_REASONS, TAKEDOWN_GROUNDS, TAKEDOWN_OUTCOMES

MONTHS = 12

# What a review's life records, in the columns of the monthly table.
REVIEW_COLUMNS = {
    "received": "review.confirmed",
    "published": "review.published",
    "held": "review.held",
    "rejected": "review.rejected",
    "removed": "review.removed",
    "withdrawn": "review.withdrawn",
}
CLAIM_COLUMNS = {"granted": "claim.approved", "revoked": "ownership.revoked"}
DECISIONS = ("review.published", "review.rejected", "review.removed", "review.kept")
# Why screening held a review, in words the public can read (fraud checks are not told apart).
HOLD_GROUPS = {
    "clinical_testimonial": "A positive clinical testimonial (physiotherapists)",
    "clinical_outcome": "A positive clinical testimonial (physiotherapists)",
    "link": "A link or contact details in the text",
    "contact_details": "A link or contact details in the text",
    "incentive": "Mentions a reward for the review",
}
FRAUD_CHECKS = "Checks for fake or conflicted reviews (bursts, copies, one source, the practice itself)"


@dataclass
class Row:
    month: str  # YYYY-MM, or "total"
    values: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, key: str) -> int:
        return self.values.get(key, 0)


@dataclass
class Report:
    since: datetime | None  # the first event in the log
    months: list[Row]  # the last MONTHS months, newest first, zero-filled
    totals: Row  # those months together
    held_by_reason: list[tuple[str, int]]
    rejected_by_reason: list[tuple[str, int]]
    removed_by_reason: list[tuple[str, int]]
    reports_by_reason: list[tuple[str, int]]
    report_outcomes: dict[str, int]
    decisions: int
    median_decision_hours: float | None
    claims: list[Row]
    claims_total: Row
    takedown_by_grounds: list[tuple[str, int]]
    takedown_by_outcome: list[tuple[str, int]]
    takedown_median_hours: float | None
    responses: dict[str, int]
    corrections: dict[str, int]


def _month(column, dialect: str):
    """SQL for the calendar month (UTC) of a timestamp: "YYYY-MM"."""
    if dialect == "postgresql":
        return sa.func.to_char(sa.func.timezone("UTC", column), "YYYY-MM")
    return sa.func.strftime("%Y-%m", column)


def month_keys(now: datetime, months: int = MONTHS) -> list[str]:
    """The last ``months`` calendar months, newest first: ["2026-11", "2026-10", …]."""
    year, month = now.year, now.month
    keys = []
    for _ in range(months):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return keys


def _start_of(key: str) -> datetime:
    year, month = (int(part) for part in key.split("-"))
    return datetime(year, month, 1, tzinfo=utcnow().tzinfo)


def _by_reason(counts: Counter, labels: dict[str, str]) -> list[tuple[str, int]]:
    return [(labels.get(key, "Other"), n) for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if n]


def _median_hours(seconds: list[int]) -> float | None:
    return round(statistics.median(seconds) / 3600, 1) if seconds else None


def build(session: Session, now: datetime | None = None) -> Report:
    """The report for the MONTHS calendar months up to ``now`` (a constant number of queries)."""
    now = now or utcnow()
    keys = month_keys(now)
    start = _start_of(keys[-1])
    dialect = session.get_bind().dialect.name
    month = _month(AuditEvent.created_at, dialect)
    in_window = AuditEvent.created_at >= start
    reason = AuditEvent.details["reason"].as_string()

    # 1. Every counted action by month.
    actions = list(REVIEW_COLUMNS.values()) + list(CLAIM_COLUMNS.values()) + ["review.reported"]
    monthly: dict[str, Counter] = defaultdict(Counter)
    for action, key, n in session.execute(
        sa.select(AuditEvent.action, month, sa.func.count())
        .where(in_window, AuditEvent.action.in_(actions))
        .group_by(AuditEvent.action, month)
    ):
        monthly[key][action] += n

    def rows(columns: dict[str, str]) -> tuple[list[Row], Row]:
        result = [Row(key, {name: monthly[key][action] for name, action in columns.items()}) for key in keys]
        total = Row("total", {name: sum(r[name] for r in result) for name in columns})
        return result, total

    months, totals = rows(REVIEW_COLUMNS | {"reported": "review.reported"})
    claims, claims_total = rows(CLAIM_COLUMNS)

    # 2. Reasons of rejections, removals and reports.
    by_reason: dict[str, Counter] = defaultdict(Counter)
    for action, key, n in session.execute(
        sa.select(AuditEvent.action, reason, sa.func.count())
        .where(in_window, AuditEvent.action.in_(("review.rejected", "review.removed", "review.reported")))
        .group_by(AuditEvent.action, reason)
    ):
        by_reason[action][key or ""] += n

    # 3. What held reviews, what closed reports, and how long decisions took (read in Python: these
    # events are as many as moderators' decisions, not as many as reviews).
    held = Counter()
    outcomes = Counter()
    waits: list[int] = []
    takedown_waits: list[int] = []
    takedown_grounds, takedown_outcomes = Counter(), Counter()
    responses, corrections = Counter(), Counter()
    watched = (
        "review.held",
        *DECISIONS,
        "review.withdrawn",
        "review.replaced",
        "takedown.received",
        "takedown.decided",
        "review.response_held",
        "review.response_published",
        "review.response_rejected",
        "correction.reported",
        "correction.accepted",
        "correction.declined",
    )
    for action, details in session.execute(
        sa.select(AuditEvent.action, AuditEvent.details).where(in_window, AuditEvent.action.in_(watched))
    ):
        details = details or {}
        if action == "review.held":
            groups = {HOLD_GROUPS.get(signal, FRAUD_CHECKS) for signal in details.get("signals") or []}
            for group in groups or {FRAUD_CHECKS}:
                held[group] += 1
        elif action in DECISIONS:
            if details.get("automatic") or details.get("rescreened"):
                continue  # published at confirmation or by a change of rule: no moderator
            closed = int(details.get("reports") or 0)
            outcomes["upheld" if action in ("review.rejected", "review.removed") else "dismissed"] += closed
            if details.get("waited_seconds") is not None:
                waits.append(int(details["waited_seconds"]))
        elif action in ("review.withdrawn", "review.replaced"):
            outcomes["moot"] += int(details.get("reports") or 0)
        elif action == "takedown.received":
            takedown_grounds[details.get("grounds", "other")] += 1
        elif action == "takedown.decided":
            takedown_outcomes[details.get("outcome", "")] += 1
            if details.get("waited_seconds") is not None:
                takedown_waits.append(int(details["waited_seconds"]))
        elif action.startswith("review.response_"):
            responses[action.removeprefix("review.response_")] += 1
        else:
            corrections[action.removeprefix("correction.")] += 1
    reported = totals["reported"]
    outcomes["open"] = max(0, reported - outcomes["upheld"] - outcomes["dismissed"] - outcomes["moot"])

    since = session.scalar(sa.select(sa.func.min(AuditEvent.created_at)))
    return Report(
        since=since,
        months=months,
        totals=totals,
        held_by_reason=sorted(held.items(), key=lambda kv: (-kv[1], kv[0])),
        rejected_by_reason=_by_reason(by_reason["review.rejected"], MODERATION_REASONS),
        removed_by_reason=_by_reason(by_reason["review.removed"], MODERATION_REASONS),
        reports_by_reason=_by_reason(by_reason["review.reported"], REPORT_REASONS),
        report_outcomes=dict(outcomes),
        decisions=len(waits),
        median_decision_hours=_median_hours(waits),
        claims=claims,
        claims_total=claims_total,
        takedown_by_grounds=_by_reason(takedown_grounds, TAKEDOWN_GROUNDS),
        takedown_by_outcome=_by_reason(takedown_outcomes, TAKEDOWN_OUTCOMES),
        takedown_median_hours=_median_hours(takedown_waits),
        responses=dict(responses),
        corrections=dict(corrections),
    )
