"""Ticket timers on a simulated clock: targets, ladder, follow-ups, promises, snooze, weekends, holidays, DST."""
from __future__ import annotations

from datetime import datetime

from bot.services.digest import group
from tests.unit.engine_harness import make_harness


def at(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def test_unanswered_ticket_gets_one_first_response_reminder_after_target(tmp_path):
    h = make_harness(tmp_path)
    h.post("U0CUST", "How do I rotate an API key?")
    fired = h.run_until("2026-03-03T10:14:00-06:00")
    assert h.kinds(fired) == ["first_response_reminder"]
    assert fired[0].at == at("2026-03-03T10:05:00-06:00") and fired[0].to == ("C0TEAM",)
    assert "<@U0AGENT1>" in fired[0].text and "#1" in fired[0].text


def test_urgent_ticket_has_a_shorter_target(tmp_path):
    h = make_harness(tmp_path)
    h.post("U0CUST", "Production is down, all our orders are blocked")
    fired = h.run_until("2026-03-03T10:03:00-06:00")
    assert [(a.kind.value, a.at) for a in fired] == [("first_response_reminder", at("2026-03-03T10:02:00-06:00"))]


def test_acknowledgement_stops_the_reminder_but_not_the_escalation(tmp_path):
    h = make_harness(tmp_path)
    root = h.post("U0CUST", "How do I rotate an API key?")
    h.later(minutes=1)
    h.react("U0AGENT1", root, "eyes")
    fired = h.run_until("2026-03-03T10:20:00-06:00")
    assert h.kinds(fired) == ["escalation"]


def test_escalation_ladder_fires_each_step_once_while_unowned(tmp_path):
    h = make_harness(tmp_path)
    h.post("U0CUST", "How do I rotate an API key?")
    fired = h.run_until("2026-03-03T12:00:00-06:00")
    steps = [(a.level, a.to) for a in fired if a.kind.value == "escalation"]
    assert steps == [("team", ("C0TEAM",)), ("leads", ("C0TEAM", "U0LEAD")), ("managers", ("C0TEAM", "U0MGR"))]


def test_a_claim_stops_the_remaining_steps(tmp_path):
    h = make_harness(tmp_path)
    root = h.post("U0CUST", "How do I rotate an API key?")
    h.run_until("2026-03-03T10:20:00-06:00")
    h.command("U0AGENT2", "own", ts=root)
    assert h.run_until("2026-03-03T12:00:00-06:00") == []


def test_after_downtime_only_the_highest_due_step_fires_marked_late(tmp_path):
    h = make_harness(tmp_path)
    h.post("U0CUST", "How do I rotate an API key?")
    h.at("2026-03-03T11:30:00-06:00")
    fired = h.engine.sweep()
    assert [(a.kind.value, a.level, a.late) for a in fired] == [
        ("first_response_reminder", None, True), ("escalation", "managers", True)]
    assert h.engine.sweep() == []


def test_reminder_over_a_weekend_counts_business_time(tmp_path):
    h = make_harness(tmp_path, start="2026-03-06T16:58:00-06:00")  # Friday
    h.post("U0CUST", "How do I rotate an API key?")
    fired = h.run_until("2026-03-09T09:10:00-05:00")
    assert fired[0].at == at("2026-03-09T09:03:00-05:00")  # Monday, after the DST change


def test_holidays_are_not_business_time(tmp_path):
    h = make_harness(tmp_path, start="2026-12-24T16:59:00-06:00")  # Thursday before Christmas
    h.post("U0CUST", "How do I rotate an API key?")
    fired = h.run_until("2026-12-28T09:30:00-06:00")
    assert fired[0].kind.value == "first_response_reminder"
    assert fired[0].at == at("2026-12-28T09:04:00-06:00")


def test_escalation_across_the_dst_change_uses_the_zones_new_offset(tmp_path):
    h = make_harness(tmp_path, start="2026-03-06T16:50:00-06:00")
    h.post("U0CUST", "How do I rotate an API key?")
    fired = h.run_until("2026-03-09T12:00:00-05:00")
    team = [a for a in fired if a.kind.value == "escalation" and a.level == "team"][0]
    assert team.at == at("2026-03-09T09:05:00-05:00")  # 10 minutes on Friday, 5 on Monday


def test_owner_is_followed_up_then_the_leads(tmp_path):
    h = make_harness(tmp_path)
    root = h.post("U0CUST", "Export is failing")
    h.post("U0AGENT1", "Which job id?", thread=root)
    h.later(minutes=5)
    h.post("U0CUST", "exp_4411", thread=root)
    fired = h.run_until("2026-03-03T11:30:00-06:00")
    follow = [(a.level, a.to, a.at) for a in fired if a.kind.value == "owner_followup"]
    assert follow == [("owner", ("U0AGENT1",), at("2026-03-03T10:35:00-06:00")),
                      ("leads", ("U0LEAD",), at("2026-03-03T11:05:00-06:00"))]


def test_a_staff_reply_cancels_the_owner_followup(tmp_path):
    h = make_harness(tmp_path)
    root = h.post("U0CUST", "Export is failing")
    h.post("U0AGENT1", "Which job id?", thread=root)
    h.post("U0CUST", "exp_4411", thread=root)
    h.later(minutes=10)
    h.post("U0AGENT2", "Found it, re-running now.", thread=root)
    assert [a for a in h.run_until("2026-03-03T12:00:00-06:00") if a.kind.value == "owner_followup"] == []


def test_promise_reminder_then_missed_to_owner_and_leads(tmp_path):
    h = make_harness(tmp_path)
    root = h.post("U0CUST", "Export is failing")
    h.post("U0AGENT1", "Found the cause. I'll confirm the fix by 11:30.", thread=root)
    fired = [a for a in h.run_until("2026-03-03T12:00:00-06:00") if a.kind.value.startswith("promise")]
    assert [(a.kind.value, a.to, a.at) for a in fired] == [
        ("promise_reminder", ("U0AGENT1",), at("2026-03-03T11:15:00-06:00")),
        ("promise_missed", ("U0AGENT1", "U0LEAD"), at("2026-03-03T11:30:00-06:00")),
    ]


def test_a_staff_message_before_the_deadline_keeps_the_promise(tmp_path):
    h = make_harness(tmp_path)
    root = h.post("U0CUST", "Export is failing")
    h.post("U0AGENT1", "Found the cause. I'll confirm the fix by 11:30.", thread=root)
    h.at("2026-03-03T11:00:00-06:00")
    h.post("U0AGENT1", "Done: the export ran fine.", thread=root)
    assert [a for a in h.run_until("2026-03-03T12:00:00-06:00") if a.kind.value.startswith("promise")] == []


def test_snooze_moves_reminders_and_a_customer_message_ends_it(tmp_path):
    h = make_harness(tmp_path)
    root = h.post("U0CUST", "Export is failing")
    h.react("U0AGENT1", root, "eyes")
    assert h.command("U0AGENT1", "snooze #1 30m").ok
    assert h.run_until("2026-03-03T10:40:00-06:00") == []
    h.post("U0CUST", "any update?", thread=root)
    fired = h.run_until("2026-03-03T10:41:00-06:00")
    assert [(a.kind.value, a.level) for a in fired] == [("escalation", "leads")]


def test_resolving_cancels_every_timer(tmp_path):
    h = make_harness(tmp_path)
    root = h.post("U0CUST", "Export is failing")
    h.post("U0AGENT1", "I'll confirm the fix by 11:30.", thread=root)
    h.command("U0AGENT1", "resolve", ts=root)
    assert h.run_until("2026-03-11T12:00:00-06:00") == []


def test_sweeping_twice_sends_nothing_twice(tmp_path):
    h = make_harness(tmp_path)
    h.post("U0CUST", "Export is failing")
    h.at("2026-03-03T10:06:00-06:00")
    assert len(h.engine.sweep()) == 1
    assert h.engine.sweep() == []


def test_reminders_falling_due_together_become_one_message_per_team_channel(tmp_path):
    h = make_harness(tmp_path, start="2026-03-07T10:00:00-06:00")  # Saturday
    for n in range(3):
        h.post(f"U0CUST{n}", f"Question number {n} about exports")
        h.later(minutes=30)
    fired = h.run_until("2026-03-09T09:06:00-05:00")
    outgoing = group(fired, h.engine.ctx.renderer)
    assert len(fired) == 3 and len(outgoing) == 1
    assert outgoing[0].to == ("C0TEAM",) and "3 tickets need attention" in outgoing[0].text


def test_owner_followup_waits_out_the_weekend(tmp_path):
    h = make_harness(tmp_path, start="2026-03-06T16:40:00-06:00")  # Friday
    root = h.post("U0CUST", "Export is failing")
    h.post("U0AGENT1", "Which job id?", thread=root)
    h.post("U0CUST", "exp_4411", thread=root)
    fired = [a for a in h.run_until("2026-03-09T12:00:00-05:00") if a.kind.value == "owner_followup"]
    assert [(a.level, a.at) for a in fired] == [("owner", at("2026-03-09T09:10:00-05:00")),
                                                ("leads", at("2026-03-09T09:40:00-05:00"))]


def test_escalation_skips_a_holiday(tmp_path):
    h = make_harness(tmp_path, start="2026-12-24T16:50:00-06:00")
    h.post("U0CUST", "How do I rotate an API key?")
    fired = [a for a in h.run_until("2026-12-28T12:00:00-06:00") if a.kind.value == "escalation"]
    assert [a.at for a in fired] == [at("2026-12-28T09:05:00-06:00"), at("2026-12-28T09:20:00-06:00"),
                                     at("2026-12-28T09:50:00-06:00")]


def test_promise_deadlines_are_wall_clock_even_across_a_weekend_and_dst(tmp_path):
    h = make_harness(tmp_path, start="2026-03-06T15:00:00-06:00")  # Friday before the DST change
    root = h.post("U0CUST", "Export is failing")
    h.post("U0AGENT1", "I'll update you Monday morning.", thread=root)
    fired = [a for a in h.run_until("2026-03-09T10:00:00-05:00") if a.kind.value.startswith("promise")]
    assert [(a.kind.value, a.at) for a in fired] == [("promise_reminder", at("2026-03-09T08:45:00-05:00")),
                                                     ("promise_missed", at("2026-03-09T09:00:00-05:00"))]
