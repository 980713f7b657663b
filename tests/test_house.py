"""The house rules that a reader can check by counting (docs/architecture.md, decision 0006)."""

from __future__ import annotations

from pathlib import Path

DIRECTORY = Path(__file__).resolve().parent.parent / "directory"
MAX_LINES = 400
# Pure data (word lists, tables, copy) may be longer; name each file here with what it holds.
DATA_FILES: dict[str, str] = {}


def test_no_module_of_the_application_is_over_400_lines():
    long = {
        str(path.relative_to(DIRECTORY)): count
        for path in sorted(DIRECTORY.rglob("*.py"))
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
        and str(path.relative_to(DIRECTORY)) not in DATA_FILES
    }
    assert long == {}, f"split these by job (one reason to change each): {long}"


def test_the_check_reads_the_application():
    assert len(list(DIRECTORY.rglob("*.py"))) > 100
