"""Platforms redeliver: whatever is seen twice, the outcome is the same as seeing it once."""
from __future__ import annotations

import tempfile
from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.core.events import MessagePosted, ReactionChanged
from bot.store.models import Ticket
from tests.unit.engine_harness import WORKSPACE, make_harness

CUSTOMER_TEXTS = ["Export keeps failing, honestly fed up", "How do I add a seat?", "prod is down, orders blocked",
                  "thanks!", "any update?"]
STAFF_TEXTS = ["I'll look into it and get back to you", "We don't offer refunds on annual plans.",
               "Fixed: the role lost write access.", "I'll confirm by 11:30", "As I said, restart it."]


@st.composite
def conversations(draw):
    """A morning of events: customers open threads, staff answer and react, minutes apart."""
    events, roots = [], []
    at = datetime.fromisoformat("2026-03-03T10:00:00-06:00")
    for n in range(draw(st.integers(min_value=1, max_value=10))):
        at += timedelta(minutes=draw(st.integers(min_value=0, max_value=20)))
        kind = draw(st.sampled_from(["open", "customer", "staff", "react"]))
        ts = f"{3000 + n}.0001"
        if kind == "open" or not roots:
            events.append(MessagePosted(WORKSPACE, "C0SUPPORT", f"U0CUST{n % 3}", ts, draw(st.sampled_from(CUSTOMER_TEXTS)), at))
            roots.append(ts)
        elif kind == "customer":
            events.append(MessagePosted(WORKSPACE, "C0SUPPORT", "U0CUST0", ts, draw(st.sampled_from(CUSTOMER_TEXTS)), at,
                                        thread_ts=draw(st.sampled_from(roots))))
        elif kind == "staff":
            events.append(MessagePosted(WORKSPACE, "C0SUPPORT", draw(st.sampled_from(["U0AGENT1", "U0AGENT2"])), ts,
                                        draw(st.sampled_from(STAFF_TEXTS)), at, thread_ts=draw(st.sampled_from(roots))))
        else:
            events.append(ReactionChanged(WORKSPACE, "C0SUPPORT", "U0AGENT1", draw(st.sampled_from(roots)),
                                          draw(st.sampled_from(["eyes", "raised_hand", "white_check_mark"])), True, at))
    repeats = draw(st.lists(st.integers(min_value=0, max_value=len(events) - 1), max_size=4))
    return events, repeats


def _outcome(events, repeats):
    with tempfile.TemporaryDirectory() as folder:
        h = make_harness(folder)
        for index, event in enumerate(events):
            h.run_until(event.at.isoformat())
            for _ in range(1 + repeats.count(index)):
                h.log += h.engine.handle(event)
        h.run_until("2026-03-03T14:00:00-06:00")
        with h.engine.ctx.database.session() as session:
            tickets = session.scalar(select(func.count()).select_from(Ticket))
        h.engine.ctx.database.dispose()
        return tickets, [(a.kind.value, a.ticket, a.level, a.principle, a.at, a.to) for a in h.log]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conversations())
def test_redelivered_events_change_nothing(conversation):
    events, repeats = conversation
    assert _outcome(events, repeats) == _outcome(events, [])


def test_a_clash_with_another_instance_is_tried_again_not_taken_for_a_duplicate(tmp_path, monkeypatch):
    """Two instances creating one row at once: the loser's transaction fails on a unique key. Its event
    must still be applied (it was not a redelivery), or the platform would get a 200 for a lost ticket."""
    from sqlalchemy.exc import IntegrityError

    from bot.services.engine import Engine

    harness = make_harness(tmp_path)
    real = Engine._apply
    clashes = iter([True])

    def clash_once(self, session, event, key):  # type: ignore[no-untyped-def]
        if next(clashes, False):
            raise IntegrityError("INSERT INTO workspaces", {}, Exception("another instance got there first"))
        return real(self, session, event, key)
    monkeypatch.setattr(Engine, "_apply", clash_once)
    event = MessagePosted(WORKSPACE, "C0SUPPORT", "U0CUST", "5000.0001", "The export is failing",
                          harness.clock.now())
    assert harness.engine.handle_batch([(event, "Ev1")]) == [[]]
    assert harness.engine.handle_batch([(event, "Ev1")]) == [None]  # the redelivery is recognised as one
    with harness.engine.ctx.database.session() as session:
        assert session.scalar(select(func.count()).select_from(Ticket)) == 1
