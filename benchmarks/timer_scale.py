"""Timers at scale: ticket intake, firing lag and memory with many open tickets, on the real engine and store.

Run: .venv/bin/python benchmarks/timer_scale.py [--tickets 100000] [--probes 200] [--database URL]

1. Intake: `--tickets` customer requests (each opens a ticket and its timer rows, due in an hour) go
   through Engine.handle_batch in batches of up to 1,000, as bot/intake.py applies a burst; tickets per second.
2. Lag: while those stay open, `--probes` more tickets arrive in another channel whose first-response
   target is 2 s; the sweep runs every 0.2 s as the scheduler would. Lag = when the reminder was recorded
   minus when its timer came due (p50, p99).
3. Memory: the process's resident memory before loading and after firing (growth).
Targets from the issue: intake > 5,000 tickets/s on SQLite, lag p99 < 1 s, growth < 30 MB.
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.bootstrap import build_engine  # noqa: E402
from bot.core.events import MessagePosted  # noqa: E402
from bot.intake import MAX_BATCH  # noqa: E402
from bot.settings import parse_config  # noqa: E402

CONFIG = """
[workspace]
timezone = "UTC"
business_hours = "24/7"
[defaults]
daily_tip = "off"
escalation = []
[[channels]]
id = "C0BULK"
agents = ["U0AGENT"]
team_channel = "C0TEAM"
first_response = "1h"
[[channels]]
id = "C0PROBE"
agents = ["U0AGENT"]
team_channel = "C0TEAM"
first_response = "2s"
"""


def rss_mb() -> float:
    """Current resident memory (Linux /proc), falling back to the peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = build_engine(parse_config(CONFIG), args.database or f"sqlite:///{folder}/scale.db")
        engine.ensure_workspace("T0")
        before = rss_mb()
        started = time.perf_counter()
        for first in range(0, args.tickets, args.batch):
            now = datetime.now(timezone.utc)
            engine.handle_batch([(MessagePosted("T0", "C0BULK", f"U{n}", f"{n}.0001",
                                                f"Order {n} has not arrived, can you check?", now), None)
                                 for n in range(first, min(first + args.batch, args.tickets))])
        intake = args.tickets / (time.perf_counter() - started)
        loaded = rss_mb()

        due: dict[int, datetime] = {}
        lags: list[float] = []
        probe_start = time.perf_counter()
        next_probe = 0
        deadline = time.monotonic() + args.probes * 0.05 + 30
        while (len(lags) < args.probes) and time.monotonic() < deadline:
            if next_probe < args.probes:
                now = datetime.now(timezone.utc)
                for n in range(next_probe, min(next_probe + 4, args.probes)):
                    actions = engine.handle(MessagePosted("T0", "C0PROBE", f"P{n}", f"p{n}.0001",
                                                          f"Probe {n}: the export fails", now))
                    del actions
                    due[n] = now + timedelta(seconds=2)
                next_probe += 4
            for action in engine.sweep():
                if action.channel == "C0PROBE" and action.ticket:
                    n = int(action.ticket[1:].split(".")[0])
                    lags.append((datetime.now(timezone.utc) - due[n]).total_seconds())
            time.sleep(0.2 if next_probe >= args.probes else 0.05)
        after = rss_mb()
        engine.ctx.database.dispose()
    lags.sort()
    pick = lambda q: lags[min(len(lags) - 1, int(q * len(lags)))] if lags else float("nan")  # noqa: E731
    print(f"open tickets: {args.tickets:,} (timers due in an hour), database {'given' if args.database else 'sqlite'}")
    print(f"intake:       {intake:8.0f} tickets/s  (target > 5,000 on SQLite)")
    print(f"firing lag:   p50 {pick(0.5) * 1000:6.0f} ms, p99 {pick(0.99) * 1000:6.0f} ms over {len(lags)} timers "
          f"fired in {time.perf_counter() - probe_start:.0f}s (target p99 < 1 s)")
    print(f"memory:       {before:.0f} MB before, {loaded:.0f} MB loaded, {after:.0f} MB after firing; "
          f"growth {after - before:+.0f} MB (target < 30 MB)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--probes", type=int, default=200)
    parser.add_argument("--batch", type=int, default=MAX_BATCH, help="events per transaction (default: the intake's most)")
    parser.add_argument("--database", help="e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test")
    main(parser.parse_args())
