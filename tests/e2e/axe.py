"""axe-core in the browser tests: vendored (tests/e2e/vendor/axe-core, MPL-2.0, version in its
header), injected through the DevTools protocol so the site's Content Security Policy, which
allows only the site's own scripts, stays on."""

from __future__ import annotations

from functools import cache
from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@cache
def _source() -> str:
    return AXE.read_text()


def run_axe(page) -> list[dict]:
    """The violations axe finds on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_source())
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [node["target"] for node in violation["nodes"]][:5]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
        summary = violation["nodes"][0].get("failureSummary", "")
        lines.append("    " + " ".join(summary.split())[:300])
    return "\n".join(lines)
