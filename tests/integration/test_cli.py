"""The `coachbot` command as a user runs it: real processes, real files, exit codes."""
from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import shared_dir


def coachbot(*args: str, stdin: str = "", env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True,
                          timeout=120, env=env)


def test_replay_of_the_bundled_demo_prints_every_kind_of_action():
    result = coachbot("replay", "--json")
    assert result.returncode == 0, result.stderr
    actions = [json.loads(line) for line in result.stdout.splitlines()]
    assert {a["action"] for a in actions} == {"nudge", "first_response_reminder", "escalation", "owner_followup",
                                              "promise_reminder", "promise_missed", "tip"}
    for action in actions:
        assert set(action) == {"at", "action", "ticket", "to", "principle", "level", "text"}
        assert action["at"].endswith(("-06:00", "-05:00"))
        assert not any(user.startswith("U0CUST") for user in action["to"])


def test_replay_timeline_is_readable():
    result = coachbot("replay")
    assert result.returncode == 0
    assert "first_response_reminder  #1 → C0TEAM" in result.stdout
    assert result.stdout.rstrip().endswith("actions")


def test_replay_until_stops_the_clock():
    result = coachbot("replay", "--json", "--until", "2026-03-03T09:25:00-06:00")
    times = [json.loads(line)["at"] for line in result.stdout.splitlines()]
    assert times and max(times) <= "2026-03-03T09:25:00-06:00"


def _write_export(folder: Path) -> None:
    (folder / "support").mkdir(parents=True)
    (folder / "channels.json").write_text(json.dumps([{"id": "C0SUPPORT", "name": "support"}]))
    (folder / "users.json").write_text(json.dumps([
        {"id": "U0AGENT1", "team_id": "T1"}, {"id": "U0AGENT2", "team_id": "T1"},
        {"id": "U0CUST", "team_id": "T2"}, {"id": "U0BOT", "team_id": "T1", "is_bot": True},
    ]))
    (folder / "support" / "2026-03-03.json").write_text(json.dumps([
        {"type": "message", "user": "U0CUST", "text": "Our export has failed twice, can you check?", "ts": "1772550000.000100"},
        {"type": "message", "subtype": "channel_join", "user": "U0AGENT2", "text": "joined", "ts": "1772550010.000100"},
        {"type": "message", "user": "U0AGENT1", "text": "I'll look into it and get back to you",
         "ts": "1772550600.000200", "thread_ts": "1772550000.000100"},
        {"type": "message", "bot_id": "B1", "text": "bot noise", "ts": "1772550700.000100"},
    ]))


def test_replay_of_a_slack_export_folder_and_zip(tmp_path):
    _write_export(tmp_path / "export")
    with zipfile.ZipFile(tmp_path / "export.zip", "w") as archive:
        for path in (tmp_path / "export").rglob("*.json"):
            archive.write(path, Path("acme export") / path.relative_to(tmp_path / "export"))
    for source in (tmp_path / "export", tmp_path / "export.zip"):
        result = coachbot("replay", str(source), "--json")
        assert result.returncode == 0, result.stderr
        actions = [json.loads(line) for line in result.stdout.splitlines()]
        ticket_actions = [(a["action"], a["to"]) for a in actions if a["action"] != "tip"]
        assert ticket_actions[:2] == [("first_response_reminder", ["C0SUPPORT-team"]), ("nudge", ["U0AGENT1"])]


def test_transcript_without_staff_is_a_clear_error(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps({"at": "2026-03-03T10:00:00-06:00", "channel": "C9", "user": "U1", "ts": "1", "text": "hi there, export broken"}) + "\n")
    result = coachbot("replay", str(path))
    assert result.returncode == 2 and "no staff configured" in result.stderr and "Traceback" not in result.stderr


def test_bad_transcript_line_names_the_line(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text('{"at": "2026-03-03T10:00:00-06:00", "channel": "C0SUPPORT", "user": "U1", "ts": "1", "text": "x"}\n{oops\n')
    result = coachbot("replay", str(path))
    assert result.returncode == 2 and "t.jsonl:2" in result.stderr


def test_config_error_exits_2_naming_key_and_line(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[workspace]\ntimezone = "America/Chicago"\n\n[defaults]\nfirst_response = "5 minutes"\n')
    result = coachbot("config", "show", "--config", str(path))
    assert result.returncode == 2
    assert "defaults.first_response (line 5)" in result.stderr and "Traceback" not in result.stderr


def test_config_show_prints_effective_settings():
    result = coachbot("config", "show")
    settings = json.loads(result.stdout)
    channel = settings["channels"][0]
    assert channel["first_response"] == "5m" and channel["escalation"] == ["15m:team", "30m:leads", "1h:managers"]
    assert channel["daily_tip"] == "09:30"


def test_tips_lists_the_catalogue_and_rejects_unknown_principles():
    assert "give_a_time-1" in coachbot("tips", "--principle", "give a time").stdout
    result = coachbot("tips", "--principle", "nonsense")
    assert result.returncode == 2 and "known:" in result.stderr


def test_classify_reads_records_and_answers_one_line_each():
    records = [
        {"id": "a", "role": "agent", "text": "I'll update you by 3pm", "sent_at": "2026-03-03T10:00:00-06:00", "tz": "America/Chicago"},
        {"id": "b", "role": "customer", "text": "prod is down, all orders blocked"},
    ]
    result = coachbot("classify", stdin="\n".join(json.dumps(r) for r in records) + "\nnot json\n")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0] == {"id": "a", "labels": ["promise_with_time"], "due_at": "2026-03-03T15:00:00-06:00"}
    assert lines[1]["labels"] == ["urgent"] and lines[2]["labels"] == [] and "error" in lines[2]
    assert result.returncode == 0


@pytest.mark.skipif(not (shared_dir() / "data" / "coaching-dev.jsonl").exists(), reason="no shared dev set")
def test_classify_on_the_dev_set_matches_the_record_format():
    dev = (shared_dir() / "data" / "coaching-dev.jsonl").read_text()
    result = coachbot("classify", stdin=dev)
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == len(dev.splitlines()) and all(set(o) == {"id", "labels", "due_at"} for o in out)


def test_config_show_applies_settings_changed_from_chat(tmp_path):
    import os

    from bot.store.database import open_database
    from bot.store.models import ChannelSetting
    url = f"sqlite:///{tmp_path}/bot.db"
    database = open_database(url)
    with database.session() as session, session.begin():
        session.add(ChannelSetting(workspace="T1", channel="C0SUPPORT", key="first_response", value="9m"))
    database.dispose()
    env = dict(os.environ, COACHBOT_DATABASE_URL=url)
    result = coachbot("config", "show", "--workspace", "T1", env=env)
    assert json.loads(result.stdout)["channels"][0]["first_response"] == "9m"
