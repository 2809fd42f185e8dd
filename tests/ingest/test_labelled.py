"""The labelled texts as bench/ingest.py reads them: precision and recall of at least 0.9 in each
form, and every candidate's place in the damaged original covering its sentence."""

import pytest

from tests.ingest.labelled import FORMS, Score, in_form, labelled_texts
from zhaoshang.ingest.clean import clean
from zhaoshang.ingest.extract import read_text

TARGET = 0.9


def test_the_labelled_set_is_large_enough_to_mean_something():
    texts = labelled_texts()
    expected = sum(
        len(t.expected["candidates"])
        + len(t.expected["reported_figures"])
        + len(t.expected["targets"])
        for t in texts
    )
    assert len(texts) >= 15 and expected >= 60


@pytest.mark.parametrize("form", FORMS)
def test_precision_and_recall_in_each_form(form):
    score = Score()
    for index, labelled in enumerate(labelled_texts()):
        damaged = in_form(labelled.text, form, numbered=index % 2 == 1)
        score.add(
            labelled.name, labelled.expected, read_text(damaged.text, year=labelled.year).as_json()
        )
    assert score.precision >= TARGET and score.recall >= TARGET, "\n".join(score.misses)


def test_each_candidate_s_original_span_is_its_damaged_sentence():
    for labelled in labelled_texts():
        simplified = clean(labelled.text).text
        damaged = in_form(labelled.text, "damaged")
        for candidate in read_text(damaged.text, year=labelled.year).candidates:
            # Where the sentence is in the original Simplified text, and so what it became.
            first = labelled.text.index(candidate.sentence)
            last = first + len(candidate.sentence) - 1
            assert candidate.sentence in simplified
            assert (candidate.original_start, candidate.original_end) == (
                damaged.spans[first][0],
                damaged.spans[last][1],
            ), (labelled.name, candidate.name)
