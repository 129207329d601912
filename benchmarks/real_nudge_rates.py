"""How often real agent replies would be nudged, per label, with samples to read.

Run: .venv/bin/python benchmarks/real_nudge_rates.py [--samples N] [--seed S] [--file NAME]
Reads ../shared/data/real/twcs_agent_replies_only.jsonl by default (evaluation data; not copied here).
"""
from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._shared import REAL, records  # noqa: E402
from bot.core.calendar import BusinessCalendar  # noqa: E402
from bot.core.classifier import classify  # noqa: E402
from bot.core.nudges import LABEL_PRINCIPLES  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--file", default="twcs_agent_replies_only.jsonl")
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    calendar = BusinessCalendar.from_settings("UTC", "24/7")
    counts: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    total = nudged = 0
    for record in records(REAL / args.file):
        if record.get("author_role", "agent") != "agent":
            continue
        total += 1
        labels = classify(record["text"], "agent", datetime.fromisoformat(record["ts"].replace("Z", "+00:00")), calendar).labels
        if set(labels) & set(LABEL_PRINCIPLES):
            nudged += 1
        for label in labels:
            counts[label] += 1
            examples[label].append(record["text"])
    print(f"agent replies: {total}; would be nudged: {nudged} ({nudged / total:.2%})")
    for label, count in counts.most_common():
        marker = "nudge" if label in LABEL_PRINCIPLES else "     "
        print(f"  {marker} {label:18} {count:5}  {count / total:.2%}")
    rng = random.Random(args.seed)
    for label in LABEL_PRINCIPLES:
        picked = rng.sample(examples[label], min(args.samples, len(examples[label])))
        print(f"\n== {label}")
        for text in picked:
            print("  -", " ".join(text.split())[:200])


if __name__ == "__main__":
    main()
