"""Classifier speed on one core: messages per second and per-message latency percentiles.

Run: .venv/bin/python benchmarks/classifier_bench.py [--rounds N]
Corpus: the dev set plus real support messages from ../shared/data/real when present.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._shared import DEV_SET, REAL, records  # noqa: E402
from bot.core.calendar import BusinessCalendar  # noqa: E402
from bot.core.classifier import classify  # noqa: E402


def corpus() -> list[tuple[str, str]]:
    texts = [(r["text"], r["role"]) for r in records(DEV_SET)] if DEV_SET.exists() else []
    real = REAL / "support_messages.jsonl"
    if real.exists():
        texts += [(r["text"], r["author_role"]) for r in records(real)]
    if not texts:
        sys.exit("no corpus: ../shared/data is missing")
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    texts = corpus()
    calendar = BusinessCalendar.from_settings("America/Chicago", "Mon-Fri 09:00-17:00")
    sent_at = datetime(2026, 3, 3, 16, 0, tzinfo=timezone.utc)
    for text, role in texts[:200]:
        classify(text, role, sent_at, calendar)
    latencies: list[float] = []
    started = time.perf_counter()
    for _ in range(args.rounds):
        for text, role in texts:
            t0 = time.perf_counter_ns()
            classify(text, role, sent_at, calendar)
            latencies.append((time.perf_counter_ns() - t0) / 1e6)
    elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))]

    print(f"messages: {len(latencies)} ({len(texts)} distinct x {args.rounds} rounds), one core")
    print(f"throughput: {len(latencies) / elapsed:,.0f} messages/s")
    print(f"latency ms: p50 {pct(0.50):.3f}  p99 {pct(0.99):.3f}  max {latencies[-1]:.3f}")


if __name__ == "__main__":
    main()
