"""Tickets: opening, merging, pleasantries, states, ownership, resolution and reopening."""
from __future__ import annotations

from sqlalchemy import func, select

from bot.store.models import Nudge, Ticket
from tests.unit.engine_harness import make_harness


def tickets(h):
    with h.engine.ctx.database.session() as s:
        return list(s.scalars(select(Ticket).order_by(Ticket.number)))


def state(h, number=1):
    from bot.services.ticketing import state_of
    return state_of([t for t in tickets(h) if t.number == number][0]).value


def test_customer_request_opens_numbered_ticket(tmp_path):
    h = make_harness(tmp_path)
    h.post("U0CUST", "How do I rotate an API key?")
    h.later(minutes=5)
    h.post("U0CUST2", "Our invoice shows the wrong VAT number")
    assert [t.number for t in tickets(h)] == [1, 2]
    assert state(h) == "waiting for first response"


def test_pleasantries_and_staff_top_level_messages_open_no_ticket(tmp_path):
    h = make_harness(tmp_path)
    h.post("U0CUST", "thanks! :pray:")
    h.post("U0CUST", "hi")
    h.post("U0AGENT1", "Heads up: maintenance tonight at 01:00")
    assert tickets(h) == []


def test_messages_within_merge_window_join_the_ticket(tmp_path):
    h = make_harness(tmp_path)
    h.post("U0CUST", "Export is failing")
    h.later(seconds=90)
    h.post("U0CUST", "job id exp_1, if it helps")
    h.later(minutes=3)
    h.post("U0CUST", "Also, separate question: how do I add a seat?")
    assert [t.number for t in tickets(h)] == [1, 2]


def test_first_staff_reply_is_first_response_and_implicit_ownership(tmp_path):
    h = make_harness(tmp_path)
    root = h.post("U0CUST", "Export is failing")
    h.post("U0AGENT2", "Looking now: which workspace?", thread=root)
    ticket = tickets(h)[0]
    assert ticket.owner == "U0AGENT2" and ticket.first_response_at is not None
    assert state(h) == "waiting on customer"
    h.post("U0CUST", "the Acme one", thread=root)
    assert state(h) == "owned"


def test_without_implicit_ownership_a_reply_only_acknowledges(tmp_path):
    h = make_harness(tmp_path, defaults="implicit_ownership = false")
    root = h.post("U0CUST", "Export is failing")
    h.post("U0AGENT2", "Looking now", thread=root)
    h.post("U0CUST", "thanks, it's urgent for us", thread=root)
    assert tickets(h)[0].owner is None and state(h) == "acknowledged"


def test_claims_transfer_and_release(tmp_path):
    h = make_harness(tmp_path)
    root = h.post("U0CUST", "Export is failing")
    h.react("U0AGENT1", root, "raised_hand")
    assert tickets(h)[0].owner == "U0AGENT1"
    h.react("U0AGENT2", root, ":raised_hand::skin-tone-4:")
    assert tickets(h)[0].owner == "U0AGENT2"
    h.react("U0AGENT1", root, "raised_hand", added=False)
    assert tickets(h)[0].owner == "U0AGENT2"
    h.react("U0AGENT2", root, "raised_hand", added=False)
    assert tickets(h)[0].owner is None


def test_customer_reactions_are_ignored(tmp_path):
    h = make_harness(tmp_path)
    root = h.post("U0CUST", "Export is failing")
    h.react("U0CUST", root, "white_check_mark")
    h.react("U0CUST", root, "raised_hand")
    assert tickets(h)[0].status == "open" and tickets(h)[0].owner is None


def test_resolved_ticket_reopens_on_customer_message_with_same_owner(tmp_path):
    h = make_harness(tmp_path)
    root = h.post("U0CUST", "Export is failing")
    h.post("U0AGENT1", "Fixed, the role lost write access.", thread=root)
    h.react("U0AGENT1", root, "white_check_mark")
    assert tickets(h)[0].status == "resolved"
    h.post("U0CUST", "thanks!", thread=root)
    assert tickets(h)[0].status == "resolved"
    h.post("U0CUST", "It failed again tonight", thread=root)
    ticket = tickets(h)[0]
    assert ticket.status == "open" and ticket.owner == "U0AGENT1"


def test_not_a_ticket_dismisses_and_silences(tmp_path):
    h = make_harness(tmp_path)
    root = h.post("U0CUST", "FYI we're moving office next week")
    reply = h.command("U0AGENT1", "notticket", ts=root)
    assert reply.ok and tickets(h)[0].status == "dismissed"
    assert h.run_until("2026-03-03T13:00:00-06:00") == []


def test_waiting_on_customer_resolves_itself_after_stale_after(tmp_path):
    h = make_harness(tmp_path)
    root = h.post("U0CUST", "Export is failing")
    h.post("U0AGENT1", "Can you send the job id?", thread=root)
    h.run_until("2026-03-10T10:01:00-06:00")
    assert tickets(h)[0].status == "resolved"


def test_same_delivery_twice_makes_one_ticket_and_one_nudge(tmp_path):
    h = make_harness(tmp_path)
    root = h.post("U0CUST", "Export is failing", ts="2000.1")
    h.post("U0CUST", "Export is failing", ts="2000.1")
    h.post("U0AGENT1", "I'll look into it and get back to you", thread=root, ts="2000.2")
    h.post("U0AGENT1", "I'll look into it and get back to you", thread=root, ts="2000.2")
    with h.engine.ctx.database.session() as s:
        assert s.scalar(select(func.count()).select_from(Ticket)) == 1
        assert s.scalar(select(func.count()).select_from(Nudge)) == 1
    assert h.kinds() == ["nudge"]


def test_customer_deleting_an_unanswered_request_withdraws_the_ticket(tmp_path):
    from bot.core.events import MessageDeleted
    h = make_harness(tmp_path)
    root = h.post("U0CUST", "Export is failing")
    h.engine.handle(MessageDeleted("T0TEST", "C0SUPPORT", root, h.clock.now()))
    assert tickets(h)[0].status == "dismissed"
    assert h.run_until("2026-03-03T12:00:00-06:00") == []


def test_message_text_is_not_stored_by_default(tmp_path):
    from bot.store.models import Message
    h = make_harness(tmp_path)
    h.post("U0CUST", "Export is failing for account 12345")
    with h.engine.ctx.database.session() as s:
        message = s.scalars(select(Message)).one()
    assert message.text is None and len(message.text_hash) == 64


def test_a_reply_delivered_before_its_thread_root_still_counts(tmp_path):
    h = make_harness(tmp_path)
    h.post("U0AGENT1", "Looking into it now", thread="5000.1", ts="5000.2")  # the platform delivered this first
    h.post("U0CUST", "Export is failing", ts="5000.1")
    ticket = tickets(h)[0]
    assert ticket.owner == "U0AGENT1" and ticket.first_response_at is not None
    assert h.run_until("2026-03-03T10:20:00-06:00") == []  # no "nobody answered" reminder
