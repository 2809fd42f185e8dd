"""Reading news for projects, figures and targets (issue 18): precision and recall.

    .venv/bin/python bench/ingest.py                       the labelled set, in three forms
    .venv/bin/python bench/ingest.py --text PATH [--year Y] [--expected FILE.json]

Over the labelled texts (tests/ingest/texts/: each NN_*.txt with the findings a careful reader
expects in NN_*.json) read as written (Simplified), as Traditional, and damaged the way the web
damages them (Traditional, pinyin in brackets after each converted character — tone marks for
half the texts, tone numbers for the other half — and ASCII punctuation), it prints precision and
recall of the findings (a candidate project by name, amount and stage; a reported figure by key,
count and amount; a target by metric, count, amount and year), target ≥ 0.9 in each form, and
how often the companies, event and date of the candidates found are right.

With --text it prints what it finds in any text, and, given the expected findings in the same
JSON shape (candidates, reported_figures, targets), precision and recall against them.
Missed targets are reported, not failed: the exit status is 0 unless a file cannot be read.
"""

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhaoshang.settings")

import django  # noqa: E402

django.setup()

from tests.ingest.labelled import FIELDS, FORMS, Score, in_form, labelled_texts  # noqa: E402
from zhaoshang.ingest.documents import DocumentError, read_document  # noqa: E402
from zhaoshang.ingest.extract import read_text  # noqa: E402

TARGET = 0.9


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text", type=Path, help="a text to read (.txt, .html or .docx)")
    parser.add_argument("--year", type=int, help="the year of dates that give none")
    parser.add_argument("--expected", type=Path, help="expected findings (JSON) for --text")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    options = parser.parse_args()
    if options.text:
        return one_text(options)
    return labelled_set(verbose=options.verbose)


def labelled_set(*, verbose: bool) -> int:
    texts = labelled_texts()
    expected_count = sum(
        len(t.expected["candidates"])
        + len(t.expected["reported_figures"])
        + len(t.expected["targets"])
        for t in texts
    )
    print(f"{len(texts)} labelled texts, {expected_count} expected findings in each form")
    print(f"{'form':<12} {'precision':>9} {'recall':>7} " + " ".join(f"{f:>9}" for f in FIELDS))
    for form in FORMS:
        score = Score()
        for index, labelled in enumerate(texts):
            damaged = in_form(labelled.text, form, numbered=index % 2 == 1)
            result = read_text(damaged.text, year=labelled.year).as_json()
            score.add(labelled.name, labelled.expected, result)
        fields = " ".join(
            f"{score.fields_right[f] / score.fields_seen:>9.2f}"
            if score.fields_seen
            else f"{'—':>9}"
            for f in FIELDS
        )
        flag = "" if min(score.precision, score.recall) >= TARGET else f"  (target ≥ {TARGET})"
        print(f"{form:<12} {score.precision:>9.3f} {score.recall:>7.3f} {fields}{flag}")
        if verbose:
            for miss in score.misses:
                print(f"    {miss}")
    return 0


def one_text(options) -> int:
    try:
        text = read_document(options.text.read_bytes(), options.text.name)
    except (OSError, DocumentError) as exc:
        print(f"{options.text}: {exc}", file=sys.stderr)
        return 1
    result = read_text(text, year=options.year).as_json()
    for segment in result["garbled_segments"]:
        fixed = f" → {segment['repaired']}" if segment["repaired"] else ""
        print(f"garbled at {segment['original_start']}: {segment['original']!r}{fixed}")
    for candidate in result["candidates"]:
        print(
            f"candidate  {candidate['name']} · {candidate['stage']} · {candidate['amount_wan']} 万元"
            f" · {', '.join(candidate['companies']) or '—'} · {candidate['event'] or '—'}"
            f" · {candidate['date'] or '—'}"
        )
    for key, figure in result["reported_figures"].items():
        print(f"figure     {key}: {figure['count']} · {figure['amount_wan']} 万元")
    for target in result["targets"]:
        print(
            f"target     {target['metric']} {target['year']}: {target['count']} · {target['amount_wan']} 万元"
        )
    if options.expected:
        expected = json.loads(options.expected.read_text(encoding="utf-8"))
        score = Score()
        score.add(options.text.name, expected, result)
        print(f"precision {score.precision:.3f}  recall {score.recall:.3f}")
        for miss in score.misses:
            print(f"    {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
