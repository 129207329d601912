"""Replay one day of real support traffic through `coachbot replay` and summarise what the bot would do.

Run: .venv/bin/python benchmarks/real_replay.py [--day 2017-10-31] [--timeline out.txt]
Each conversation of ../shared/data/real/support_messages.jsonl becomes a thread in its brand's channel;
the brand's handle is its agent. The transcript is written to a temporary folder, never into the repo.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._shared import REAL, records  # noqa: E402

CONFIG = """
[workspace]
timezone = "UTC"
business_hours = "24/7"
[defaults]
daily_tip = "09:30"
"""


def transcript(day: str) -> list[dict]:
    by_conversation: dict[str, list[dict]] = defaultdict(list)
    for record in records(REAL / "support_messages.jsonl"):
        if record["ts"].startswith(day):
            by_conversation[record["conversation_id"]].append(record)
    lines = []
    for conversation, messages in by_conversation.items():
        messages.sort(key=lambda r: r["ts"])
        brand = next((m["author_id"] for m in messages if m["author_role"] == "agent"), "unknown")
        channel = f"C_{brand}"[:60]
        root = f"{conversation}:{messages[0]['msg_id']}"
        for message in messages:
            ts = f"{conversation}:{message['msg_id']}"
            lines.append({"at": message["ts"], "channel": channel, "user": message["author_id"], "ts": ts,
                          "thread_ts": None if ts == root else root, "text": message["text"],
                          "role": message["author_role"]})
    lines.sort(key=lambda r: r["at"])
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--day", default="2017-10-31")
    parser.add_argument("--timeline", help="also write the readable timeline here")
    args = parser.parse_args()
    lines = transcript(args.day)
    with tempfile.TemporaryDirectory() as folder:
        path, config = Path(folder) / "day.jsonl", Path(folder) / "day.toml"
        path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
        config.write_text(CONFIG)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "bot", "replay", str(path), "--config", str(config), "--json"],
                                capture_output=True, text=True, check=True)
        elapsed = time.perf_counter() - started
        if args.timeline:
            readable = subprocess.run([sys.executable, "-m", "bot", "replay", str(path), "--config", str(config)],
                                      capture_output=True, text=True, check=True)
            Path(args.timeline).write_text(readable.stdout)
    actions = [json.loads(line) for line in result.stdout.splitlines()]
    customers = sum(1 for line in lines if line["role"] == "customer")
    agents = len(lines) - customers
    print(f"day {args.day}: {len(lines)} messages ({customers} customer, {agents} agent) in "
          f"{len({l['channel'] for l in lines})} channels; replayed in {elapsed:.1f}s")
    for kind, count in Counter(a["action"] for a in actions).most_common():
        print(f"  {kind:24} {count}")
    principles = Counter(a["principle"] for a in actions if a["action"] == "nudge")
    print("  nudges by principle:", dict(principles.most_common()))
    if agents:
        print(f"  nudges per agent message: {principles.total() / agents:.2%}")


if __name__ == "__main__":
    main()
