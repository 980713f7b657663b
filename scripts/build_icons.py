"""Build static/vendor/bootstrap-icons/icons.svg: one SVG sprite of the Bootstrap Icons the site
uses (MIT; the licence is copied beside it). Run after `npm ci --prefix audit` when ICONS changes:

    python scripts/build_icons.py
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "audit" / "node_modules" / "bootstrap-icons"
TARGET = ROOT / "static" / "vendor" / "bootstrap-icons"
ICONS = (
    "telephone-fill",
    "envelope-fill",
    "globe2",
    "geo-alt-fill",
    "search",
    "list",
    "star-fill",
    "patch-check-fill",
    "printer",
    "pencil-square",
    "chat-left-text-fill",
    "calendar-check",
    "arrows-angle-expand",
    "info-circle-fill",
)


def main() -> None:
    symbols = []
    for name in ICONS:
        svg = (SOURCE / "icons" / f"{name}.svg").read_text()
        view_box = re.search(r'viewBox="([^"]+)"', svg).group(1)
        body = re.sub(r"^<svg[^>]*>|</svg>\s*$", "", svg.strip()).strip()
        symbols.append(f'<symbol id="{name}" viewBox="{view_box}">{body}</symbol>')
    TARGET.mkdir(parents=True, exist_ok=True)
    sprite = '<svg xmlns="http://www.w3.org/2000/svg">' + "".join(symbols) + "</svg>\n"
    (TARGET / "icons.svg").write_text(sprite)
    shutil.copy(SOURCE / "LICENSE", TARGET / "LICENSE")
    print(f"{len(ICONS)} icons, {len(sprite):,} bytes")


if __name__ == "__main__":
    main()
