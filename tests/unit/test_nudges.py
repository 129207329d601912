"""Coaching nudges: who gets them, fatigue control, mutes, edits, feedback, complaints."""
from __future__ import annotations

from sqlalchemy import select

from bot.store.models import Nudge
from tests.unit.engine_harness import make_harness

VAGUE = "I'll look into it and get back to you"


def nudges(h):
    return [a for a in h.log if a.kind.value == "nudge"]


def test_nudge_goes_privately_to_the_writer_with_principle_why_and_suggestion(tmp_path):
    h = make_harness(tmp_path)
    root = h.post("U0CUST", "Can you refund last month?")
    h.post("U0AGENT1", "We don't offer refunds on annual plans.", thread=root)
    (nudge,) = nudges(h)
    assert nudge.to == ("U0AGENT1",) and nudge.principle == "create_options"
    assert nudge.thread_ts == root and nudge.ticket == root
    principle = h.engine.ctx.catalogue.get("create_options")
    assert principle.name in nudge.text and principle.why in nudge.text
    assert "For this reply" in nudge.text


def test_give_a_time_suggests_a_concrete_time_in_the_teams_zone(tmp_path):
    h = make_harness(tmp_path)
    root = h.post("U0CUST", "Export is failing")
    h.post("U0AGENT1", VAGUE, thread=root)
    assert "11:00am CST" in nudges(h)[0].text


def test_neutral_replies_get_no_nudge(tmp_path):
    h = make_harness(tmp_path)
    root = h.post("U0CUST", "How do I add a seat?")
    h.post("U0AGENT1", "Settings → Members → Invite. You'll need to refresh the page after.", thread=root)
    assert nudges(h) == []


def test_one_nudge_per_person_ticket_and_principle(tmp_path):
    h = make_harness(tmp_path)
    root = h.post("U0CUST", "Export is failing")
    h.post("U0AGENT1", VAGUE, thread=root)
    h.later(minutes=5)
    h.post("U0AGENT1", "Will keep you posted!", thread=root)
    h.post("U0AGENT2", VAGUE, thread=root)
    assert [n.to for n in nudges(h)] == [("U0AGENT1",), ("U0AGENT2",)]


def test_hourly_cap_per_person_in_any_60_minutes(tmp_path):
    h = make_harness(tmp_path)
    for n in range(4):
        root = h.post(f"U0CUST{n}", f"Question {n} about exports")
        h.post("U0AGENT1", VAGUE, thread=root)
        h.later(minutes=10)
    assert len(nudges(h)) == 3
    h.later(minutes=31)
    root = h.post("U0CUST9", "Another export question")
    h.post("U0AGENT1", VAGUE, thread=root)
    assert len(nudges(h)) == 4


def test_muted_principle_is_not_coached_until_unmuted(tmp_path):
    h = make_harness(tmp_path)
    assert h.command("U0AGENT1", "mute give a time").ok
    root = h.post("U0CUST", "Export is failing")
    h.post("U0AGENT1", VAGUE, thread=root)
    assert nudges(h) == []
    h.command("U0AGENT1", "unmute give_a_time")
    root = h.post("U0CUST2", "Import is failing")
    h.post("U0AGENT1", VAGUE, thread=root)
    assert len(nudges(h)) == 1


def test_edit_is_classified_again_only_when_the_text_changed(tmp_path):
    h = make_harness(tmp_path)
    root = h.post("U0CUST", "Export is failing")
    reply = h.post("U0AGENT1", "Checking the logs.", thread=root)
    assert h.edit(reply, "Checking the logs.") == []
    assert [a.principle for a in h.edit(reply, "Checking the logs, will update you soon.")] == ["give_a_time"]


def test_complaint_answered_without_apology_or_empathy_is_coached(tmp_path):
    h = make_harness(tmp_path)
    root = h.post("U0CUST", "third outage this month, honestly fed up")
    h.post("U0AGENT1", "The status page has the details.", thread=root)
    assert [n.principle for n in nudges(h)] == ["complaint_is_gift"]


def test_complaint_answered_with_empathy_is_not_coached(tmp_path):
    h = make_harness(tmp_path)
    root = h.post("U0CUST", "third outage this month, honestly fed up")
    h.post("U0AGENT1", "That sounds really frustrating. Checking what happened now.", thread=root)
    assert nudges(h) == []


def test_feedback_is_recorded_only_for_the_nudged_person(tmp_path):
    h = make_harness(tmp_path)
    root = h.post("U0CUST", "Export is failing")
    h.post("U0AGENT1", VAGUE, thread=root)
    nudge_id = nudges(h)[0].nudge_id
    assert not h.engine.feedback("T0TEST", nudge_id, "U0AGENT2", True)
    assert h.engine.feedback("T0TEST", nudge_id, "U0AGENT1", False)
    with h.engine.ctx.database.session() as s:
        assert s.scalar(select(Nudge.helpful)) is False


def test_customers_are_never_coached_and_never_see_coaching(tmp_path):
    h = make_harness(tmp_path)
    root = h.post("U0CUST", "We can't wait any longer, I'll get back to you when you fix it")
    h.post("U0AGENT1", VAGUE, thread=root)
    h.run_until("2026-03-03T12:00:00-06:00")
    assert all("U0CUST" not in a.to for a in h.log)
