"""Events applied in batches: one transaction per burst, each delivery once, failures back to every caller."""
from __future__ import annotations

import asyncio
import threading

import pytest

from bot.core.events import MessagePosted
from bot.intake import Intake
from bot.services.context import SettingsCache
from bot.settings import parse_config
from tests.unit.engine_harness import CONFIG, WORKSPACE, make_harness

REFUSAL = "We don't offer refunds on annual plans."


def _post(h, user: str, ts: str, text: str = REFUSAL, thread: str | None = None) -> MessagePosted:
    return MessagePosted(WORKSPACE, "C0SUPPORT", user, ts, text, h.clock.now(), thread_ts=thread)


def test_a_batch_applies_each_delivery_once_and_reports_repeats_as_none(tmp_path):
    h = make_harness(tmp_path)
    first, second = _post(h, "U0AGENT1", "1.1"), _post(h, "U0AGENT2", "1.2")
    results = h.engine.handle_batch([(first, "Ev1"), (second, "Ev2"), (first, "Ev1")])
    assert [len(r) if r is not None else None for r in results] == [1, 1, None]
    assert h.engine.handle_batch([(second, "Ev2")]) == [None]
    assert len(h.engine.pending_deliveries()) == 2


def test_a_batch_behaves_like_the_same_events_one_by_one(tmp_path):
    """A customer request and its replies in one batch: ticket, first response and nudge as if sequential."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    batched, single = make_harness(tmp_path / "a"), make_harness(tmp_path / "b")

    def events(h) -> list[MessagePosted]:
        return [_post(h, "U0CUST", "2.1", "The export has failed since Monday, please help"),
                _post(h, "U0AGENT1", "2.2", "I'll look into it and get back to you", thread="2.1"),
                _post(h, "U0CUST", "2.3", "Any news? This is the worst service", thread="2.1")]
    batched.engine.handle_batch([(e, None) for e in events(batched)])
    for event in events(single):
        single.engine.handle(event)
    assert batched.command("U0LEAD", "queue").text == single.command("U0LEAD", "queue").text
    assert sorted(a.kind.value for _, a in batched.engine.pending_deliveries()) == \
        sorted(a.kind.value for _, a in single.engine.pending_deliveries())


def test_events_arriving_together_share_a_transaction(tmp_path):
    h = make_harness(tmp_path)
    sizes: list[int] = []
    real = h.engine.handle_batch
    release = threading.Event()

    def counting(incoming):
        sizes.append(len(incoming))
        release.wait(5)
        return real(incoming)
    h.engine.handle_batch = counting  # type: ignore[method-assign]
    committed: list[int] = []

    async def scenario() -> list:
        intake = Intake(h.engine, lambda: committed.append(1))
        first = asyncio.create_task(intake.submit(_post(h, "U0AGENT1", "3.0"), "Ev0"))
        await asyncio.sleep(0.05)  # the first batch is now being applied; the rest queue behind it
        rest = [asyncio.create_task(intake.submit(_post(h, f"U0AGENT{n % 2 + 1}", f"3.{n}"), f"Ev{n}"))
                for n in range(1, 6)]
        await asyncio.sleep(0.05)
        release.set()
        results = await asyncio.gather(first, *rest)
        await intake.close()
        return results
    results = asyncio.run(scenario())
    assert sizes == [1, 5]
    assert all(r is not None for r in results) and len(committed) == 2


def test_a_failed_batch_reaches_every_waiting_caller_and_the_intake_keeps_going(tmp_path):
    h = make_harness(tmp_path)
    real = h.engine.handle_batch
    calls = []

    def flaky(incoming):
        calls.append(len(incoming))
        if len(calls) == 1:
            raise ConnectionError("database is away")
        return real(incoming)
    h.engine.handle_batch = flaky  # type: ignore[method-assign]

    async def scenario() -> None:
        intake = Intake(h.engine, lambda: None)
        with pytest.raises(ConnectionError):
            await intake.submit(_post(h, "U0AGENT1", "4.1"), "Ev1")
        assert await intake.submit(_post(h, "U0AGENT1", "4.1"), "Ev1")  # the platform's redelivery
        await intake.close()
    asyncio.run(scenario())


def test_settings_changed_by_another_instance_show_after_the_cache_expires(tmp_path):
    h = make_harness(tmp_path)
    other = make_harness(tmp_path)  # a second engine on the same database
    other.engine.ctx.settings_cache = SettingsCache(ttl=0.0)
    h.engine.ctx.settings_cache = SettingsCache(ttl=3600)
    assert h.engine.settings_of(WORKSPACE, "C0SUPPORT").watched
    assert other.engine.change_settings(WORKSPACE, "C0SUPPORT", "U0LEAD", False, {"watched": False}) == {}
    assert h.engine.settings_of(WORKSPACE, "C0SUPPORT").watched  # still cached here
    h.engine.ctx.settings_cache.ttl = 0.0
    assert not h.engine.settings_of(WORKSPACE, "C0SUPPORT").watched
    assert parse_config(CONFIG.format(defaults="")).channel("C0SUPPORT").watched  # the file is untouched


def _state(h) -> tuple:
    """Everything a batch leaves behind, comparable across two databases."""
    from sqlalchemy import text
    with h.engine.ctx.database.session() as session:
        tickets = session.execute(text(
            "select number, channel, root_ts, customer, urgent, complaint_pending, status from tickets order by number"
        )).all()
        timers = session.execute(text(
            "select t.number, m.kind, m.level, m.due_at, m.status from timers m join tickets t on t.id = m.ticket_id "
            "order by t.number, m.kind, m.level")).all()
        messages = session.execute(text(
            "select ts, thread_ts, user, role, labels, ticket_id is not null from messages order by ts")).all()
        seen = session.execute(text("select key from seen_deliveries order by key")).all()
    return tickets, timers, messages, seen


def test_new_requests_in_bulk_leave_exactly_what_one_by_one_handling_leaves(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    bulk_h, single = make_harness(tmp_path / "a"), make_harness(tmp_path / "b")

    def events(h) -> list[tuple[MessagePosted, str]]:
        texts = ["The export fails", "URGENT: production is down for everyone", "This is the worst service ever",
                 "Can I change my plan?", "thanks!", "Invoices are missing"]
        batch = [(_post(h, f"U0CUST{n}", f"5.{n}", text), f"Ev{n}") for n, text in enumerate(texts)]
        batch.append((_post(h, "U0CUST0", "5.9", "Also the import fails"), "Ev9"))  # merges into #1
        batch.append((_post(h, "U0AGENT1", "5.10", "Looking into it", thread="5.0"), "Ev10"))
        batch.append((_post(h, "U0CUST3", "5.3", "Can I change my plan?"), "Ev3"))  # a retry in the same batch
        return batch
    assert [r is None for r in bulk_h.engine.handle_batch(events(bulk_h))] == [False] * 8 + [True]
    for event, key in events(single):
        single.engine.handle_batch([(event, key)])
    assert _state(bulk_h) == _state(single)
    assert len(_state(bulk_h)[0]) == 5  # five tickets: the pleasantry opened none, the follow-up merged


def test_a_later_batch_still_merges_into_open_tickets_and_adopts_early_replies(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    bulk_h, single = make_harness(tmp_path / "a"), make_harness(tmp_path / "b")

    def first(h) -> list[tuple[MessagePosted, str]]:
        return [(_post(h, f"U0CUST{n}", f"6.{n}", f"Request {n}: the export fails"), f"Fv{n}") for n in range(5)]

    def second(h) -> list[tuple[MessagePosted, str]]:
        early = _post(h, "U0AGENT1", "7.55", "On it", thread="7.5")  # a reply delivered before its root
        return [(early, "Gv55"), (_post(h, "U0CUST1", "7.1", "And the import too"), "Gv1")] + [
            (_post(h, f"U0CUST{n}", f"7.{n}", f"Request {n}: invoices are blank"), f"Gv{n}") for n in range(5, 10)]
    for h, apply in ((bulk_h, lambda h, b: h.engine.handle_batch(b)),
                     (single, lambda h, b: [h.engine.handle_batch([one]) for one in b])):
        apply(h, first(h))
        h.later(seconds=30)
        apply(h, second(h))
    for left, right in zip(_state(bulk_h), _state(single), strict=True):
        assert left == right
    tickets = _state(bulk_h)[0]
    assert len(tickets) == 10 and not any(t.root_ts == "7.1" for t in tickets)  # merged into #2
