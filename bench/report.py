"""docs/benchmarks.md: the targets of issue 9 beside what this run measured, then every figure."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bench.common import Latency, Spread
from bench.data import BUSY_REVIEWS, HARD_CASE, Prepared
from bench.importing import ImportRun
from bench.pages import Timed
from bench.queries import Mixed
from bench.serve import CONNECTIONS, SEARCH_PAGE, WORKERS, Served


@dataclass
class Measured:
    prepared: Prepared
    mixed: Mixed
    named: list[Timed]
    places_new: Latency
    places_again: Latency
    served: Served | None
    imported: list[ImportRun] | None


def _mixed_p95(m: Measured) -> Spread:
    return Spread.of([run.p95 for run in m.mixed.runs])


def _named(m: Measured, start: str) -> Timed:
    return next(t for t in m.named if t.name.startswith(start))


def _met(value: float, goal: float, at_most: bool) -> str:
    return "met" if (value <= goal if at_most else value >= goal) else "**missed**"


def _targets(results: list[Measured]) -> list[str]:
    lines = ["| target | goal | " + " | ".join(m.prepared.target.label for m in results) + " |"]
    lines.append("|---|---|" + "---|" * len(results))

    def row(name: str, goal_text: str, values: list[tuple[float, float, bool, str]]) -> None:
        cells = [f"{shown} ({_met(value, goal, at_most)})" for value, goal, at_most, shown in values]
        lines.append(f"| {name} | {goal_text} | " + " | ".join(cells) + " |")

    goals = {"SQLite": 5.0, "PostgreSQL": 8.0}
    row(
        f"API search p95, {results[0].mixed.queries:,} mixed queries (ms)",
        "≤ 5 SQLite, ≤ 8 PostgreSQL",
        [(_mixed_p95(m).median, goals[m.prepared.target.label], True, _mixed_p95(m).show(2)) for m in results],
    )
    if all(m.served for m in results):
        row(
            "search page ÷ bare page (requests/s)",
            "≥ 0.4",
            [
                (m.served.ratio("search", "bare").median, 0.4, False, m.served.ratio("search", "bare").show(2))
                for m in results
            ],
        )
        row(
            "search page ÷ same-layout page",
            "≥ 0.6",
            [
                (m.served.ratio("search", "layout").median, 0.6, False, m.served.ratio("search", "layout").show(2))
                for m in results
            ],
        )
    for start, label in (("listing with", "first"), ("the same listing, 50th", "50th")):
        row(
            f"listing with {BUSY_REVIEWS:,} reviews, {label} page of reviews, p95 (ms)",
            "≤ 15",
            [(_named(m, start).latency.p95, 15.0, True, f"{_named(m, start).latency.p95:.2f}") for m in results],
        )
    row(
        "place autocomplete p95, 300 prefixes new to the process (ms)",
        "≤ 2",
        [(m.places_new.p95, 2.0, True, f"{m.places_new.p95:.2f}") for m in results],
    )
    if all(m.imported for m in results):
        row(
            "import-practitioners, new listings (rows/s)",
            "≥ 2,000",
            [
                (
                    Spread.of([r.first_rate for r in m.imported]).median,
                    2000,
                    False,
                    Spread.of([r.first_rate for r in m.imported]).show(0),
                )
                for m in results
            ],
        )
    if all(m.served for m in results):
        row(
            "gunicorn worker peak RSS (MB)",
            "≤ 150",
            [(max(m.served.peak_rss_mb), 150, True, f"{max(m.served.peak_rss_mb):.0f}") for m in results],
        )
    return lines


def _details(m: Measured) -> list[str]:
    label = m.prepared.target.label
    lines = [f"## {label}", ""]
    share = m.prepared.inside_hard_case / m.prepared.practitioners
    lines += [
        f"The hard case, “{HARD_CASE[0]}” (`{HARD_CASE[1]}`): {m.prepared.inside_hard_case:,} of "
        f"{m.prepared.practitioners:,} practitioners ({share:.1%}) are inside the circle.",
        "",
        f"### API search, {m.mixed.queries:,} mixed queries (in-process)",
        "",
        "| run | p50 ms | p95 ms | p99 ms |",
        "|---:|---:|---:|---:|",
    ]
    lines += [f"| {i} | {r.p50:.2f} | {r.p95:.2f} | {r.p99:.2f} |" for i, r in enumerate(m.mixed.runs, start=1)]
    lines += [
        "",
        f"At most {statements(m.mixed.statements_max)} for one search. Searches by name "
        f"({m.mixed.name_queries} queries, the same places and filters, sorted by how well the name matches), "
        "p50 / p95 / p99 ms per run: "
        + "; ".join(f"{r.p50:.2f} / {r.p95:.2f} / {r.p99:.2f}" for r in m.mixed.names)
        + ".",
        "",
    ]
    lines += [
        "### Named requests (in-process)",
        "",
        "| request | median ms | p95 ms | × baseline |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| {t.name} | {t.latency.p50:.2f} | {t.latency.p95:.2f} | {t.ratio:.1f} |" for t in m.named]
    lines += [
        f"| place autocomplete, 300 prefixes new to the process | {m.places_new.p50:.2f} | {m.places_new.p95:.2f} | |",
        f"| the same prefixes again (remembered) | {m.places_again.p50:.2f} | {m.places_again.p95:.2f} | |",
        "",
    ]
    if m.served:
        s = m.served
        lines += [
            f"### Served by gunicorn ({WORKERS} sync workers), loaded by wrk ({CONNECTIONS} connections)",
            "",
            f"Search page: `{SEARCH_PAGE}`. Requests per second, median of {len(s.rounds)} rounds (lowest–highest):",
            "",
            "| page | requests/s | p99 latency ms |",
            "|---|---:|---:|",
        ]
        for page in ("bare", "layout", "search"):
            lines.append(f"| {page} | {s.rate(page).show(0)} | {Spread.of(s.latency_p99_ms[page]).show(1)} |")
        lines += [
            "",
            f"Search ÷ bare: {s.ratio('search', 'bare').show(2)}; search ÷ same layout: "
            f"{s.ratio('search', 'layout').show(2)}. Workers' peak RSS (VmHWM): "
            + ", ".join(f"{mb:.0f} MB" for mb in s.peak_rss_mb)
            + ".",
            "",
        ]
    if m.imported:
        first = Spread.of([r.first_rate for r in m.imported])
        again = Spread.of([r.again_rate for r in m.imported])
        rows = m.imported[0].rows
        lines += [
            f"### import-practitioners, {rows:,} rows (no coordinates: the gazetteer places every row)",
            "",
            f"Into an empty database: {first.show(0)} rows/s "
            f"({Spread.of([r.first_s for r in m.imported]).show(1)} s). The same file again, every row "
            f"unchanged: {again.show(0)} rows/s.",
            "",
        ]
    return lines


def write_report(path: Path, results: list[Measured], *, when, commit, machine, load, minutes, args) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m bench`, see its docstring); rerun it after a change to search,",
        "listings, reviews or the importer. Timings in-process go through Flask's test client; the served",
        "pages go through gunicorn and wrk. A figure with a range in brackets is the median of the runs",
        "and their lowest and highest.",
        "",
        f"- When: {when}, commit `{commit}`, {minutes:.0f} minutes",
        f"- Machine: {machine}; load average at the end {load}",
        f"- Data: {args.practitioners:,} demo practitioners, {args.reviews:,} reviews (seed 1), one listing "
        f"topped up to {BUSY_REVIEWS:,} reviews",
        f"- Runs: {args.runs}; named requests repeated {args.repeat} times; wrk runs of {args.seconds} s",
        "",
        "## Targets (issue 9)",
        "",
        *_targets(results),
        "",
    ]
    for m in results:
        lines += _details(m)
    text = "\n".join(lines).rstrip() + "\n"
    path.write_text(text)
    return text


def statements(count: int) -> str:
    """ "1 SQL statement", "2 SQL statements"."""
    return f"{count} SQL statement{'' if count == 1 else 's'}"
