"""Daily tips (rotation, theming, business days, misfires) and /coach commands with permissions."""
from __future__ import annotations

from datetime import datetime, timedelta

from tests.unit.engine_harness import make_harness


def tip_harness(tmp_path, start="2026-03-02T08:00:00-06:00"):
    h = make_harness(tmp_path, start=start, defaults="")
    h.engine.ctx.config = _with_tips(h.engine.ctx.config)
    return h


def _with_tips(config):
    from dataclasses import replace
    from datetime import time
    return replace(config, channels=tuple(replace(c, daily_tip=time(9, 30)) for c in config.channels))


def test_one_tip_per_business_day_none_at_weekends(tmp_path):
    h = tip_harness(tmp_path)
    fired = h.run_until("2026-03-09T12:00:00-05:00")
    days = [a.at.astimezone(h.engine.ctx.config.channels[0].calendar.zone).strftime("%a %H:%M")
            for a in fired if a.kind.value == "tip"]
    assert days == ["Mon 09:30", "Tue 09:30", "Wed 09:30", "Thu 09:30", "Fri 09:30", "Mon 09:30"]


def test_tips_do_not_repeat_until_the_whole_catalogue_was_shown(tmp_path):
    h = tip_harness(tmp_path)
    total = len(h.engine.ctx.catalogue.tips)
    shown = []
    day = datetime.fromisoformat("2026-03-02T09:31:00-06:00")
    while len(shown) < total + 1:
        h.clock.advance_to(day)
        shown += [a.tip_id for a in h.engine.sweep() if a.kind.value == "tip"]
        day += timedelta(days=1)
    assert len(set(shown[:total])) == total and shown[total] in shown[:total]


def test_a_missed_tip_goes_out_late_the_same_day_but_not_after_closing(tmp_path):
    h = tip_harness(tmp_path)
    h.at("2026-03-02T15:00:00-06:00")
    assert [a.kind.value for a in h.engine.sweep()] == ["tip"]
    h.at("2026-03-03T17:30:00-06:00")
    assert h.engine.sweep() == []
    h.at("2026-03-04T09:45:00-06:00")
    assert [a.kind.value for a in h.engine.sweep()] == ["tip"]


def test_themed_tip_follows_yesterdays_most_coached_principle(tmp_path):
    h = tip_harness(tmp_path, start="2026-03-02T10:00:00-06:00")
    for n, agent in enumerate(["U0AGENT1", "U0AGENT2", "U0LEAD"]):
        root = h.post(f"U0CUST{n}", f"Export {n} is failing")
        h.post(agent, "I'll look into it and get back to you", thread=root)
    fired = h.run_until("2026-03-03T09:31:00-06:00")
    (tip,) = [a for a in fired if a.kind.value == "tip" and a.at.day == 3]
    assert tip.principle == "give_a_time" and "came up 3 times" in tip.text


def test_customers_get_help_and_tips_only(tmp_path):
    h = make_harness(tmp_path)
    assert h.command("U0CUST", "tip").ok
    help_text = h.command("U0CUST", "help").text
    assert "/coach tip" in help_text and "/coach queue" not in help_text
    refused = h.command("U0CUST", "queue")
    assert not refused.ok and "staff" in refused.text


def test_agents_cannot_open_settings_or_team_stats_but_leads_can(tmp_path):
    h = make_harness(tmp_path)
    assert not h.command("U0AGENT1", "settings").ok
    assert not h.command("U0AGENT1", "stats team").ok
    assert h.command("U0AGENT1", "stats me 30d").ok
    assert h.command("U0LEAD", "settings").opens_settings
    assert h.command("U0LEAD", "stats team 7d").ok


def test_unknown_or_malformed_commands_get_the_help_text(tmp_path):
    h = make_harness(tmp_path)
    reply = h.command("U0AGENT1", "frobnicate #3")
    assert not reply.ok and "/coach queue" in reply.text and "frobnicate" in reply.text


def test_ticket_commands_by_number(tmp_path):
    h = make_harness(tmp_path)
    h.post("U0CUST", "Export is failing")
    assert "own ticket #1" in h.command("U0AGENT1", "own #1").text
    assert "U0AGENT1" in h.command("U0AGENT2", "own 1").text
    queue = h.command("U0AGENT1", "queue").text
    assert "#1" in queue and "<@U0AGENT2>" in queue
    assert h.command("U0AGENT2", "release #1").ok
    assert not h.command("U0AGENT1", "own #99").ok
    bad = h.command("U0AGENT1", "snooze #1 soonish")
    assert not bad.ok and "soonish" in bad.text
    assert h.command("U0AGENT1", "resolve #1").ok
    assert "already resolved" in h.command("U0AGENT1", "resolve #1").text


def test_why_explains_a_principle_and_escapes_unknown_input(tmp_path):
    h = make_harness(tmp_path)
    assert "Create options" in h.command("U0AGENT1", "why create_options").text
    reply = h.command("U0AGENT1", "why <!channel>")
    assert not reply.ok and "<!channel>" not in reply.text and "&lt;!channel&gt;" in reply.text


def test_stats_count_nudges_and_praise(tmp_path):
    h = make_harness(tmp_path)
    root = h.post("U0CUST", "Export is failing")
    h.post("U0AGENT1", "Sorry about that! I'll look into it and get back to you", thread=root)
    text = h.command("U0AGENT1", "stats me").text
    assert "Nudges: 1" in text and "Give a time" in text and "apology 1" in text
