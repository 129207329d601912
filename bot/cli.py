"""The `coachbot` command line: classify, replay, tips, config show."""
from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import fields
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TextIO

from bot.core.calendar import BusinessCalendar
from bot.core.catalogue import Catalogue, CatalogueError
from bot.core.classifier import classify
from bot.core.durations import format_duration
from bot.replay.output import printer
from bot.replay.runner import config_for, run_replay
from bot.replay.slack_export import is_export, load_export
from bot.replay.transcript import TranscriptError, load_jsonl
from bot.services.context import effective_channel_settings
from bot.settings import Config, ConfigError, load_config
from bot.settings.model import ChannelSettings, EscalationStep
from bot.store.database import open_database
from bot.templates import Renderer, catalogue_path

EXAMPLES = Path(__file__).parent / "replay" / "examples"
DEMO_TRANSCRIPT = EXAMPLES / "demo.jsonl"
DEMO_CONFIG = EXAMPLES / "demo.toml"
PLAYGROUND_CONFIG = Path(__file__).with_name("playground") / "playground.toml"


def _config(path: str | None, fallback: Path | None = DEMO_CONFIG) -> Config:
    chosen = path or os.environ.get("COACHBOT_CONFIG")
    if chosen:
        return load_config(chosen)
    return load_config(fallback) if fallback else Config()


def cmd_classify(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    config = _config(args.config)
    template = config.defaults or ChannelSettings(id="*", team_channel="*")
    calendars: dict[str, BusinessCalendar] = {}
    for number, line in enumerate(stdin, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            zone = record.get("tz") or template.timezone
            calendar = calendars.setdefault(zone, BusinessCalendar.from_settings(zone, template.business_hours, template.holidays))
            sent_at = datetime.fromisoformat(record["sent_at"]) if record.get("sent_at") else datetime.now(calendar.zone)
            if sent_at.tzinfo is None:
                sent_at = sent_at.replace(tzinfo=calendar.zone)
            result = classify(str(record.get("text", "")), str(record.get("role", "agent")), sent_at, calendar)
            out = {"id": record.get("id"), "labels": list(result.labels),
                   "due_at": result.due_at.isoformat() if result.due_at else None}
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            print(f"coachbot classify: line {number}: {exc}", file=sys.stderr)
            out = {"id": None, "labels": [], "due_at": None, "error": f"line {number}: not a valid record"}
        stdout.write(json.dumps(out) + "\n")
    return 0


def cmd_replay(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    source = Path(args.transcript) if args.transcript else DEMO_TRANSCRIPT
    transcript = load_export(source) if is_export(source) else load_jsonl(source)
    base = _config(args.config, DEMO_CONFIG if source == DEMO_TRANSCRIPT else None)
    config = config_for(transcript, base)
    if not any(c.staff for c in config.channels):
        raise ConfigError("no staff configured for this transcript: pass --config naming the agents, "
                          "or give transcript records a \"role\"")
    try:
        until = datetime.fromisoformat(args.until) if args.until else None
    except ValueError:
        raise ConfigError(f"--until is not an ISO 8601 time: {args.until!r}") from None
    if until is not None and until.tzinfo is None:
        raise ConfigError("--until needs a UTC offset, e.g. 2026-03-03T17:00:00-06:00")
    renderer = Renderer(config.workspace.prompts_dir)
    zone = config.channels[0].calendar.zone if config.channels else BusinessCalendar.from_settings("UTC", "24/7").zone

    def write(line: str) -> None:
        stdout.write(line + "\n")

    count = run_replay(transcript, config, printer(renderer, zone, args.json, write), until)
    if not args.json:
        write(f"-- {len(transcript.events)} events replayed, {count} actions")
    return 0


def cmd_tips(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    config = _config(args.config)
    catalogue = Catalogue.load(catalogue_path(config.workspace.prompts_dir))
    principles = catalogue.principles
    if args.principle:
        found = catalogue.find(args.principle)
        if found is None:
            print(f"coachbot tips: unknown principle {args.principle!r}; known: "
                  f"{', '.join(p.id for p in principles)}", file=sys.stderr)
            return 2
        principles = (found,)
    for principle in principles:
        stdout.write(f"{principle.id}: {principle.name} ({principle.source})\n  {principle.summary}\n")
        for tip in principle.tips:
            stdout.write(f"  - [{tip.id}] {tip.text}\n")
    return 0


def _show_value(value: object) -> object:
    """A setting as a person would write it in the TOML file."""
    if value is None:
        return "off"
    if isinstance(value, timedelta):
        return format_duration(value)
    if isinstance(value, EscalationStep):
        return f"{format_duration(value.after)}:{value.level}"
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset):
        return sorted(_show_value(v) for v in value)  # type: ignore[type-var]
    if isinstance(value, tuple):
        return [_show_value(v) for v in value]
    return value


def cmd_config_show(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    config = _config(args.config)
    channels = list(config.channels)
    if args.workspace and os.environ.get("COACHBOT_DATABASE_URL"):
        database = open_database()
        with database.session() as session:
            channels = effective_channel_settings(session, config, args.workspace)
        database.dispose()
    effective = {
        "workspace": {f.name: _show_value(getattr(config.workspace, f.name)) for f in fields(config.workspace)},
        "channels": [{f.name: _show_value(getattr(c, f.name)) for f in fields(c)} for c in channels],
    }
    stdout.write(json.dumps(effective, indent=2) + "\n")
    return 0


def cmd_db_upgrade(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    database = open_database(args.database)
    ok, detail = database.readiness()
    database.dispose()
    stdout.write(f"database upgraded: {detail}\n")
    return 0 if ok else 1


def cmd_teams_package(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    from bot.teams.package import build
    written = build(args.app_id, args.domain, Path(args.out), args.version)
    stdout.write(f"wrote {written}: upload it in Teams (Apps > Manage your apps > Upload an app)\n")
    return 0


def cmd_run(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    from bot.serve import run
    from bot.slack.settings import SlackSettings
    from bot.teams.settings import TeamsSettings
    platform = args.platform or ("slack" if SlackSettings.configured() else "teams" if TeamsSettings.configured()
                                 else "playground")
    local = platform == "playground" or (platform == "teams" and not TeamsSettings.configured())
    host = args.host or ("127.0.0.1" if local else "0.0.0.0")
    fallback = PLAYGROUND_CONFIG if platform == "playground" else None
    run(_config(args.config, fallback=fallback), platform, host, args.port, args.allow_anonymous, args.role)
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="coachbot", description="Times support tickets and coaches agents in chat.")
    commands = root.add_subparsers(dest="command", required=True)
    classify_ = commands.add_parser("classify", help="label JSON Lines records from stdin")
    classify_.add_argument("--config")
    classify_.set_defaults(run=cmd_classify)
    replay = commands.add_parser("replay", help="replay a transcript or Slack export on a simulated clock")
    replay.add_argument("transcript", nargs="?", help="JSON Lines transcript, or a Slack export (zip or folder); "
                                                     "default: the bundled demo")
    replay.add_argument("--config")
    replay.add_argument("--json", action="store_true", help="one JSON object per action")
    replay.add_argument("--until", help="stop the simulated clock here (ISO 8601 with offset)")
    replay.set_defaults(run=cmd_replay)
    serve = commands.add_parser("run", help="run the bot: Slack or Teams when their credentials are set, else the "
                                             "local playground on http://127.0.0.1:3000")
    serve.add_argument("--platform", choices=["slack", "teams", "playground"])
    serve.add_argument("--host", help="address to listen on (default 0.0.0.0; 127.0.0.1 for Teams without an app id)")
    serve.add_argument("--allow-anonymous", action="store_true",
                       help="Teams without MicrosoftAppId: accept unauthenticated requests on a non-loopback address")
    serve.add_argument("--port", type=int, default=3000)
    serve.add_argument("--config")
    serve.add_argument("--role", choices=["all", "web", "scheduler"], default="all",
                       help="all (default): one process does everything; web: chat endpoints only; "
                            "scheduler: timers, tips and purge (one leader among instances on PostgreSQL)")
    serve.set_defaults(run=cmd_run)
    database = commands.add_parser("db", help="the database")
    database_commands = database.add_subparsers(dest="db_command", required=True)
    upgrade = database_commands.add_parser("upgrade", help="apply the schema migrations (COACHBOT_DATABASE_URL)")
    upgrade.add_argument("--database", help="a SQLAlchemy URL (default: COACHBOT_DATABASE_URL, else ./coachbot.db)")
    upgrade.set_defaults(run=cmd_db_upgrade)
    package = commands.add_parser("teams-package", help="build the Teams app zip to upload (sideload or org catalogue)")
    package.add_argument("--app-id", default=os.environ.get("MicrosoftAppId", ""),
                         help="the Azure Bot's app id (default: MicrosoftAppId)")
    package.add_argument("--domain", required=True, help="the bot's public host name, e.g. coachbot.example.com")
    package.add_argument("--version", default="1.0.0", help="the app version Teams shows; raise it for each upload")
    package.add_argument("--out", default="coachbot-teams.zip")
    package.set_defaults(run=cmd_teams_package)
    tips = commands.add_parser("tips", help="list the coaching catalogue")
    tips.add_argument("--principle")
    tips.add_argument("--config")
    tips.set_defaults(run=cmd_tips)
    config = commands.add_parser("config", help="configuration")
    config_commands = config.add_subparsers(dest="config_command", required=True)
    show = config_commands.add_parser("show", help="print the effective settings")
    show.add_argument("--config")
    show.add_argument("--workspace", help="apply settings stored for this workspace (needs COACHBOT_DATABASE_URL)")
    show.set_defaults(run=cmd_config_show)
    return root


def main(argv: list[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args, stdin or sys.stdin, stdout or sys.stdout)
    except ConfigError as exc:
        print(f"coachbot: configuration error: {exc}", file=sys.stderr)
        return 2
    except (TranscriptError, CatalogueError) as exc:
        print(f"coachbot: {exc}", file=sys.stderr)
        return 2
