"""The labelled texts as bench/ingest.py reads them: precision and recall of at least 0.9 in each
form, and every candidate's place in the damaged original covering its sentence."""

import pytest

from tests.ingest.labelled import FORMS, Score, in_form, labelled_texts
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


def test_each_finding_s_original_span_is_its_damaged_sentence():
    """Where a finding's sentence is in the Simplified text says what it became when damaged:
    the original span the reader gives must be exactly that."""
    checked = 0
    for labelled in labelled_texts():
        damaged = in_form(labelled.text, "damaged")
        extraction = read_text(damaged.text, year=labelled.year)
        findings = [
            *extraction.candidates,
            *extraction.reported_figures.values(),
            *extraction.targets,
        ]
        for finding in findings:
            first = labelled.text.index(finding.sentence)
            last = first + len(finding.sentence) - 1
            assert (finding.original_start, finding.original_end) == (
                damaged.spans[first][0],
                damaged.spans[last][1],
            ), (labelled.name, finding)
            checked += 1
    assert checked >= 60
