"""The outbox: every action waits there until delivered; failures are counted and, when hopeless, parked."""
from __future__ import annotations

from tests.unit.engine_harness import make_harness


def _one_nudge(tmp_path):
    h = make_harness(tmp_path)
    root = h.post("U0CUST", "Export is failing")
    h.post("U0AGENT1", "I'll look into it and get back to you", thread=root)
    (pending,) = h.engine.pending_deliveries()
    return h, pending


def test_delivered_actions_leave_the_outbox(tmp_path):
    h, (row_id, action) = _one_nudge(tmp_path)
    assert action.kind.value == "nudge" and action.to == ("U0AGENT1",)
    h.engine.delivered([row_id])
    assert h.engine.pending_deliveries() == []


def test_transient_failures_are_retried_then_parked_after_five(tmp_path):
    h, (row_id, action) = _one_nudge(tmp_path)
    assert [h.engine.delivery_failed(row_id, action, "timeout", permanent=False) for _ in range(5)] == [
        False, False, False, False, True]
    assert all(r != row_id for r, _ in h.engine.pending_deliveries())


def test_a_parked_action_is_reported_to_the_channels_leads(tmp_path):
    h, (row_id, action) = _one_nudge(tmp_path)
    assert h.engine.delivery_failed(row_id, action, "account_inactive", permanent=True)
    (report,) = [a for _, a in h.engine.pending_deliveries()]
    assert report.kind.value == "notice" and report.to == ("U0LEAD",) and "account_inactive" in report.text


def test_a_claimed_action_has_one_sender_until_its_claim_expires(tmp_path):
    h, (row_id, _) = _one_nudge(tmp_path)
    assert h.engine.pending_deliveries() == []  # another sender (instance) asking now gets nothing
    h.later(minutes=3)  # the first sender died without a word: its claim lapses, the action is sent again
    assert [r for r, _ in h.engine.pending_deliveries()] == [row_id]


def test_failures_back_off_before_the_next_attempt(tmp_path):
    h, (row_id, action) = _one_nudge(tmp_path)
    h.engine.delivery_failed(row_id, action, "ratelimited", permanent=False)
    assert h.engine.pending_deliveries() == []
    h.later(seconds=6)
    ((again, _),) = h.engine.pending_deliveries()
    h.engine.delivery_failed(again, action, "ratelimited", permanent=False)
    h.later(seconds=6)
    assert h.engine.pending_deliveries() == []  # the second wait is longer
    h.later(seconds=30)
    assert [r for r, _ in h.engine.pending_deliveries()] == [row_id]
