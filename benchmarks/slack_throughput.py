"""Message events per second through the whole Slack path, side by side with a bare Bolt app.

Run: .venv/bin/python benchmarks/slack_throughput.py [--events 1500] [--concurrency 16] [--database URL]

Full path: signed HTTP request -> Bolt -> classify -> store (committed before the 200) -> Web API call
to a fake Slack (every event is a staff message that earns a nudge, so each ends in chat.postEphemeral).
Bare: an AsyncApp whose message listener does nothing. Then ack latency at a steady 100 events/s.
As in production, the bot, the bare app and the fake Slack each run in their own process; the load
generator is this process. All traffic stays on loopback and every loop is bounded.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import socket
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import aiohttp  # noqa: E402
from aiohttp import web  # noqa: E402

from tests.integration.fake_slack import TEAM  # noqa: E402
from tests.integration.slack_harness import SECRET, signed_headers  # noqa: E402

AGENTS = [f"U0A{n:04d}" for n in range(4000)]
CONFIG = f"""
[workspace]
timezone = "UTC"
business_hours = "24/7"
[defaults]
daily_tip = "off"
escalation = []
[[channels]]
id = "C0SUPPORT"
team_channel = "C0TEAM"
agents = {json.dumps(AGENTS)}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_fake(port: int) -> None:
    from tests.integration.fake_slack import FakeSlack

    async def main() -> None:
        await FakeSlack().start(port)
        await asyncio.Event().wait()
    asyncio.run(main())


def run_bare(port: int) -> None:
    from slack_bolt.async_app import AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    from bot.slack.web import mount
    from bot.web import build_web_app
    bare = AsyncApp(client=AsyncWebClient(token="xoxb-bench", base_url=os.environ["SLACK_API_URL"]), signing_secret=SECRET)

    @bare.event("message")
    async def ignore() -> None:
        return None
    web.run_app(build_web_app([mount(bare)]), host="127.0.0.1", port=port, print=None, access_log=None)


def run_bot(port: int, database: str) -> None:
    from bot.serve import build_application
    from bot.settings import parse_config
    web.run_app(build_application(parse_config(CONFIG), "slack", database), host="127.0.0.1", port=port, print=None,
                access_log=None)


def event_body(n: int) -> str:
    ts = f"{time.time():.6f}{n % 10}"
    event = {"type": "message", "channel": "C0SUPPORT", "user": AGENTS[n % len(AGENTS)], "ts": ts, "event_ts": ts,
             "text": "We don't offer refunds on annual plans."}
    return json.dumps({"token": "x", "team_id": TEAM, "api_app_id": "A0", "type": "event_callback",
                       "event_id": f"Ev{n}", "event_time": int(time.time()), "event": event})


async def post(session: aiohttp.ClientSession, url: str, n: int) -> float:
    body = event_body(n)
    started = time.perf_counter()
    async with session.post(f"{url}/slack/events", data=body, headers=signed_headers(body, "application/json")) as r:
        await r.read()
        assert r.status == 200, r.status
    return time.perf_counter() - started


async def burst(url: str, count: int, concurrency: int, offset: int) -> float:
    queue = iter(range(offset, offset + count))

    async def worker(session: aiohttp.ClientSession) -> None:
        for n in queue:
            await post(session, url, n)

    async with aiohttp.ClientSession() as session:
        started = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        return time.perf_counter() - started


async def steady(url: str, rate: int, seconds: int, offset: int) -> list[float]:
    async with aiohttp.ClientSession() as session:
        tasks = []
        for n in range(rate * seconds):
            tasks.append(asyncio.create_task(post(session, url, offset + n)))
            await asyncio.sleep(1 / rate)
        return sorted(await asyncio.gather(*tasks))


async def nudges(fake_url: str) -> int:
    async with aiohttp.ClientSession() as session, session.get(f"{fake_url}/_calls/chat.postEphemeral") as r:
        return int((await r.json())["count"])


async def ready(url: str, path: str = "/healthz", seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            try:
                async with session.get(f"{url}{path}") as r:
                    if r.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit(f"{url} did not start")


async def measure(args: argparse.Namespace, fake_url: str, bare_url: str, full_url: str) -> None:
    await asyncio.gather(ready(bare_url), ready(full_url))
    await burst(bare_url, 50, 4, 10_000_000)
    await burst(full_url, 50, 4, 20_000_000)
    await asyncio.sleep(1)
    bare_seconds = await burst(bare_url, args.events, args.concurrency, 0)
    baseline = await nudges(fake_url)
    full_started = time.perf_counter()
    await burst(full_url, args.events, args.concurrency, 1_000_000)
    acked = time.perf_counter() - full_started
    deadline = time.perf_counter() + 120
    while (delivered := await nudges(fake_url) - baseline) < args.events and time.perf_counter() < deadline:
        await asyncio.sleep(0.02)
    full_seconds = time.perf_counter() - full_started
    latencies = await steady(full_url, 100, args.steady_seconds, 3_000_000)
    bare_rate, full_rate = args.events / bare_seconds, delivered / full_seconds
    print(f"events: {args.events}, concurrency {args.concurrency}, database {'given' if args.database else 'sqlite'}")
    print(f"bare Bolt (ack only):           {bare_rate:8.0f} events/s")
    print(f"full bot (ack..Web API call):   {full_rate:8.0f} events/s  (acked all in {acked:.2f}s, "
          f"{delivered} nudges delivered)")
    print(f"ratio full/bare:                {full_rate / bare_rate:8.2f}  (target >= 0.70)")
    p99 = latencies[int(0.99 * (len(latencies) - 1))] * 1000
    print(f"ack latency at 100 events/s:    p50 {latencies[len(latencies) // 2] * 1000:.1f} ms, p99 {p99:.1f} ms "
          f"(target p99 < 50 ms)")


def main(args: argparse.Namespace) -> None:
    ports = {name: free_port() for name in ("fake", "bare", "full")}
    fake_url = f"http://127.0.0.1:{ports['fake']}"
    os.environ.update(SLACK_BOT_TOKEN="xoxb-bench", SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=f"{fake_url}/api/",
                      COACHBOT_SWEEP_SECONDS="5")
    spawn = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory() as folder:
        database = args.database or f"sqlite:///{folder}/bench.db"
        processes = [spawn.Process(target=run_fake, args=(ports["fake"],), daemon=True)]
        processes[0].start()
        asyncio.run(ready(fake_url, "/_calls/auth.test"))
        processes += [spawn.Process(target=run_bare, args=(ports["bare"],), daemon=True),
                      spawn.Process(target=run_bot, args=(ports["full"], database), daemon=True)]
        for process in processes[1:]:
            process.start()
        try:
            asyncio.run(measure(args, fake_url, f"http://127.0.0.1:{ports['bare']}",
                                f"http://127.0.0.1:{ports['full']}"))
        finally:
            for process in reversed(processes):  # the fake Slack last: the bot may still be delivering
                process.terminate()
                process.join(10)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1500)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--steady-seconds", type=int, default=5)
    parser.add_argument("--database", help="e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test (default: temp SQLite)")
    main(parser.parse_args())
