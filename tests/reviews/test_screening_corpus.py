"""The clinical-testimonial rule measured on the labelled corpus (decision 0008): precision and
recall of holding testimonials, reported at the end of the run; no negative or neutral clinical
experience is held."""

from __future__ import annotations

import pytest

from directory.reviews import screening, testimonials
from tests.reviews.screening_corpus import CORPUS, HELD_OUT_HISTORY, NEGATIVE, NEUTRAL, POSITIVE, SERVICE

MIN_PRECISION, MIN_RECALL = 0.95, 0.85


def test_the_corpus_is_big_enough_and_labelled_once():
    assert len(CORPUS) >= 200
    assert min(len(POSITIVE), len(NEGATIVE), len(NEUTRAL), len(SERVICE)) >= 40
    sentences = [sentence for _label, sentence in CORPUS]
    assert len(sentences) == len(set(sentences)), "a sentence is in the corpus twice"


def test_precision_and_recall_of_holding_testimonials(report_figure):
    rule = testimonials.testimonial_sentences
    held = {label: [s for s in sentences if rule(s)] for label, sentences in _by_label().items()}
    true_positives = len(held["positive"])
    false_positives = sum(len(held[label]) for label in ("negative", "neutral", "service"))
    precision = true_positives / (true_positives + false_positives)
    recall = true_positives / len(POSITIVE)
    report_figure("Screening corpus: sentences (positive/negative/neutral/service)", _sizes())
    report_figure("Screening corpus: precision of holding testimonials", f"{precision:.3f}")
    caught = f"{true_positives}/{len(POSITIVE)}"
    report_figure("Screening corpus: recall of holding testimonials", f"{recall:.3f} ({caught})")
    last = HELD_OUT_HISTORY["seventh"]
    report_figure(
        "Screening corpus: last held-out batch, before the rule learnt from it",
        f"recall {last[0] / last[1]:.2f}, precision {last[2]:.2f}, negative sentences held {last[3]}/{last[4]}",
    )
    assert precision >= MIN_PRECISION, held
    assert recall >= MIN_RECALL, sorted(set(POSITIVE) - set(held["positive"]))


@pytest.mark.parametrize("sentence", NEGATIVE + NEUTRAL)
def test_no_negative_or_neutral_clinical_experience_is_held(sentence):
    assert testimonials.testimonial_sentences(sentence) == []
    assert "clinical_testimonial" not in {s.signal for s in screening.text_signals(sentence, regulated=True, rating=5)}


def test_a_review_mixing_a_testimonial_with_a_complaint_is_held_for_the_testimonial_only():
    text = "The receptionist was rude and the fees were high. My back pain is gone though. Parking was awful."
    assert testimonials.testimonial_sentences(text) == ["My back pain is gone though."]


def test_a_whole_negative_review_is_never_held_for_its_clinical_content():
    review = " ".join(NEGATIVE[:12])
    assert screening.text_signals(review, regulated=True, rating=5) == []


def _by_label() -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for label, sentence in CORPUS:
        result.setdefault(label, []).append(sentence)
    return result


def _sizes() -> str:
    return f"{len(CORPUS)} ({len(POSITIVE)}/{len(NEGATIVE)}/{len(NEUTRAL)}/{len(SERVICE)})"
