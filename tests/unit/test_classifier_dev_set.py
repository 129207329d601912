"""The classifier against the labelled development set: precision and recall floors per label."""
from __future__ import annotations

import json
from collections import Counter
from datetime import datetime

import pytest

from bot.core.calendar import BusinessCalendar
from bot.core.classifier import classify
from bot.core.classifier.labels import ALL_LABELS
from tests.conftest import shared_dir

DEV_SET = shared_dir() / "data" / "coaching-dev.jsonl"
NUDGING = ("flat_refusal", "passing_the_buck", "vague_promise", "disrespect", "complaint", "urgent")
pytestmark = pytest.mark.skipif(not DEV_SET.exists(), reason="shared/data/coaching-dev.jsonl not beside the repo")


def _run() -> tuple[Counter, Counter, Counter, int, int, int]:
    tp, fp, fn = Counter(), Counter(), Counter()
    due_ok = due_total = neutral_nudged = 0
    for line in DEV_SET.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        calendar = BusinessCalendar.from_settings(record["tz"], "Mon-Fri 09:00-17:00")
        result = classify(record["text"], record["role"], datetime.fromisoformat(record["sent_at"]), calendar)
        got, want = set(result.labels), set(record["labels"])
        for label in got & want:
            tp[label] += 1
        for label in got - want:
            fp[label] += 1
        for label in want - got:
            fn[label] += 1
        if not want and got & set(NUDGING):
            neutral_nudged += 1
        if "due_at" in record:
            due_total += 1
            expected = datetime.fromisoformat(record["due_at"])
            if result.due_at and abs((result.due_at - expected).total_seconds()) <= record["tolerance_minutes"] * 60:
                due_ok += 1
    return tp, fp, fn, due_ok, due_total, neutral_nudged


RESULTS = _run() if DEV_SET.exists() else None


@pytest.mark.parametrize("label", NUDGING)
def test_nudging_labels_meet_precision_and_recall_floors(label: str) -> None:
    tp, fp, fn, *_ = RESULTS
    precision = tp[label] / max(1, tp[label] + fp[label])
    recall = tp[label] / max(1, tp[label] + fn[label])
    assert precision >= 0.9, f"{label} precision {precision:.2f}"
    assert recall >= 0.8, f"{label} recall {recall:.2f}"


@pytest.mark.parametrize("label", sorted(set(ALL_LABELS) - set(NUDGING)))
def test_praise_and_tracking_labels_stay_useful(label: str) -> None:
    tp, fp, fn, *_ = RESULTS
    assert tp[label] / max(1, tp[label] + fp[label]) >= 0.85
    assert tp[label] / max(1, tp[label] + fn[label]) >= 0.75


def test_promise_deadlines_resolve_within_tolerance() -> None:
    *_, due_ok, due_total, _ = RESULTS
    assert due_total > 0
    assert due_ok / due_total >= 0.9


def test_no_neutral_message_is_nudged() -> None:
    assert RESULTS[-1] == 0
