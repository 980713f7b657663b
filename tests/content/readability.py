"""How the readability test reads a page: the visible text of a part of the page, one sentence per
block, graded with textstat's Flesch–Kincaid formula (textstat 0.7.8, pinned in requirements.txt).

The method, so that a grade means the same thing every time it is reported:
1. take the HTML of the part measured (``<main>``, or the element with a given id);
2. drop ``<script>``, ``<style>`` and ``<nav>`` (tables of contents, breadcrumbs);
3. end every block (paragraph, list item, heading, table cell, caption) with a full stop unless it
   already ends with punctuation, so a list item counts as a sentence, as a reader takes it;
4. remove the tags, decode the entities, and collapse white space;
5. ``textstat.flesch_kincaid_grade`` of what is left.
"""

from __future__ import annotations

import html
import re

import textstat

MAX_GRADE = 8.5  # "about school grade 8": the guide, the review policy and the listing copy

_BLOCK_END = re.compile(r"\s*</(?:p|li|h[1-6]|td|th|caption|dt|dd|summary)>", re.I)
_DROP = re.compile(r"<(script|style|nav)\b[^>]*>.*?</\1>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")


def part(page: str, element_id: str | None = None) -> str:
    """The HTML of ``<main>`` or of the element with ``element_id`` (a section, an article…)."""
    if element_id is None:
        match = re.search(r"<main\b[^>]*>(.*)</main>", page, re.S)
    else:
        match = re.search(rf'<(\w+)\b[^>]*\bid="{re.escape(element_id)}"[^>]*>(.*?)</\1>', page, re.S)
    assert match, f"no {element_id or 'main'} on the page"
    return match.group(match.lastindex)


def visible_text(fragment: str) -> str:
    text = _DROP.sub(" ", fragment)
    text = _BLOCK_END.sub(" ¶ ", text)
    text = html.unescape(_TAG.sub(" ", text))
    sentences = []
    for block in text.split("¶"):
        block = " ".join(block.split())
        if block:
            sentences.append(block if block[-1] in ".!?:…" else block + ".")
    return " ".join(sentences)


def grade(text: str) -> float:
    return round(textstat.flesch_kincaid_grade(text), 1)
