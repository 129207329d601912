"""Precision and recall per label on the labelled development set, and deadline accuracy.

Run: .venv/bin/python benchmarks/dev_set_scores.py [--errors]
(The tests assert floors; this prints the figures, and with --errors every disagreement.)
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._shared import DEV_SET, records  # noqa: E402
from bot.core.calendar import BusinessCalendar  # noqa: E402
from bot.core.classifier import classify  # noqa: E402
from bot.core.classifier.labels import ALL_LABELS  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args()
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    due_ok = due_total = 0
    for record in records(DEV_SET):
        calendar = BusinessCalendar.from_settings(record["tz"], "Mon-Fri 09:00-17:00")
        result = classify(record["text"], record["role"], datetime.fromisoformat(record["sent_at"]), calendar)
        got, want = set(result.labels), set(record["labels"])
        tp.update(got & want)
        fp.update(got - want)
        fn.update(want - got)
        if args.errors and got != want:
            print(f"{record['id']}: missing {sorted(want - got)} extra {sorted(got - want)}")
        if "due_at" in record:
            due_total += 1
            expected = datetime.fromisoformat(record["due_at"])
            if result.due_at and abs((result.due_at - expected).total_seconds()) <= record["tolerance_minutes"] * 60:
                due_ok += 1
            elif args.errors:
                print(f"{record['id']}: due {result.due_at} expected {expected}")
    print(f"{'label':18} precision  recall  (tp/fp/fn)")
    for label in ALL_LABELS:
        precision = tp[label] / max(1, tp[label] + fp[label])
        recall = tp[label] / max(1, tp[label] + fn[label])
        print(f"{label:18} {precision:9.2f} {recall:7.2f}  ({tp[label]}/{fp[label]}/{fn[label]})")
    print(f"due_at within tolerance: {due_ok}/{due_total}")


if __name__ == "__main__":
    main()
