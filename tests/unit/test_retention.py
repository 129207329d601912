"""Retention: old rows go, open tickets and recent rows stay."""
from __future__ import annotations

from sqlalchemy import func, select

from bot.store.models import Message, Ticket
from tests.unit.engine_harness import make_harness


def test_purge_forgets_old_closed_tickets_and_messages_but_keeps_open_ones(tmp_path):
    h = make_harness(tmp_path)
    old = h.post("U0CUST", "Export is failing")
    h.post("U0CUST2", "How do I add a seat?")
    h.command("U0AGENT1", "resolve", ts=old)
    h.later(days=91)
    h.post("U0CUST3", "A fresh question about invoices")
    assert h.engine.purge() > 0
    with h.engine.ctx.database.session() as s:
        assert sorted(s.scalars(select(Ticket.number))) == [2, 3]
        assert s.scalar(select(func.count()).select_from(Message)) == 1
