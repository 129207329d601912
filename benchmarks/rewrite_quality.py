"""How often "a better version" of a nudged reply is itself clean, on the dev set and real agent replies,
with samples to read side by side.

Run: .venv/bin/python benchmarks/rewrite_quality.py [--samples N] [--seed S]
Reads ../shared/data/coaching-dev.jsonl and ../shared/data/real/twcs_agent_replies_only.jsonl (not copied here).
"""
from __future__ import annotations

import argparse
import random
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._shared import DEV_SET, REAL, records  # noqa: E402
from bot.core.calendar import BusinessCalendar  # noqa: E402
from bot.core.classifier import classify  # noqa: E402
from bot.core.nudges import suggested_time  # noqa: E402
from bot.core.rewrite import NUDGED, better_reply  # noqa: E402
from bot.templates import Renderer, when  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, default=8)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    renderer = Renderer()
    pieces = renderer.captions("rewrite.j2")

    def phrase(name: str, **values: object) -> str:
        return renderer.render_string(pieces[name], **values)

    utc = BusinessCalendar.from_settings("UTC", "24/7")
    sources = {
        "dev set": [(r["text"], datetime.fromisoformat(r["sent_at"]), BusinessCalendar.from_settings(r["tz"], "Mon-Fri 09:00-17:00"))
                    for r in records(DEV_SET) if r["role"] == "agent"],
        "real replies": [(r["text"], datetime.fromisoformat(r["ts"].replace("Z", "+00:00")), utc)
                         for r in records(REAL / "twcs_agent_replies_only.jsonl") if r.get("author_role", "agent") == "agent"],
    }
    rng = random.Random(args.seed)
    for name, items in sources.items():
        nudged = clean = 0
        pairs: list[tuple[str, str, list[str]]] = []
        for text, at, calendar in items:
            if not set(classify(text, "agent", at, calendar).labels) & set(NUDGED):
                continue
            nudged += 1
            better = better_reply(text, at, calendar, when(suggested_time(at, calendar), at), phrase) or ""
            left = [label for label in classify(better, "agent", at, calendar).labels if label in NUDGED]
            clean += not left
            pairs.append((text, better, left))
        print(f"{name}: {nudged} nudged replies; better version clean (no nudged label left): {clean} ({clean / max(nudged, 1):.1%})")
        for text, better, left in rng.sample(pairs, min(args.samples, len(pairs))):
            print(f"  - {' '.join(text.split())[:160]}\n    > {better[:220]}{'   LEFT: ' + ', '.join(left) if left else ''}")


if __name__ == "__main__":
    main()
