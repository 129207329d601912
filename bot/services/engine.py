"""The engine's front door: one transaction per event, sweep or command; actions come back and sit in the outbox."""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.core.actions import Action
from bot.core.events import (
    CommandIssued,
    Event,
    MessageDeleted,
    MessageEdited,
    MessagePosted,
    ReactionChanged,
)
from bot.core.timers import REMINDER_KINDS
from bot.services import (
    bulk,
    channel_settings,
    coaching,
    commands,
    home,
    lifecycle,
    messages,
    outbox,
    reactions,
    retention,
    sweep,
    tips,
    updates,
)
from bot.services.context import Context
from bot.settings.model import ChannelSettings
from bot.store.models import Workspace

log = logging.getLogger(__name__)
T = TypeVar("T")
#: A chat event and the platform's id for its delivery (None when the platform gives none).
Incoming = tuple[Event, str | None]

_HANDLERS: dict[type, Callable[[Context, Session, object], list[Action]]] = {
    MessagePosted: messages.handle_posted,  # type: ignore[dict-item]
    MessageEdited: messages.handle_edited,  # type: ignore[dict-item]
    MessageDeleted: messages.handle_deleted,  # type: ignore[dict-item]
    ReactionChanged: reactions.handle_reaction,  # type: ignore[dict-item]
}


#: Tries of one event whose transaction ran into a unique key (see Engine._apply_alone).
CLASH_TRIES = 3


def clashed_key(error: IntegrityError) -> str:
    """The constraint a write ran into, by name where the driver says (never the values: they may hold text)."""
    diag = getattr(error.orig, "diag", None)
    return str(getattr(diag, "constraint_name", None) or type(error.orig).__name__)


class Engine:
    """Platform-free coaching and ticket timing. Adapters feed it events and deliver what it returns."""

    def __init__(self, context: Context) -> None:
        self.ctx = context

    def _transaction(self, work: Callable[[Session], T], on_conflict: T) -> T:
        """Run `work` atomically; a unique-key clash means another delivery or instance already did it."""
        with self.ctx.database.one_writer(), self.ctx.database.session() as session:
            try:
                with session.begin():
                    return work(session)
            except IntegrityError as error:
                log.info("unique key clash (%s): already done here or by another instance", clashed_key(error))
                return on_conflict
            finally:
                self.ctx.after_transaction(session)

    def ensure_workspace(self, workspace: str) -> None:
        def work(session: Session) -> None:
            if session.get(Workspace, workspace) is None:
                session.add(Workspace(id=workspace, next_ticket_number=1))
        self._transaction(work, None)

    def handle(self, event: Event) -> list[Action]:
        """Apply one chat event; returns the actions it caused (nudges), already recorded in the outbox."""
        return self.handle_batch([(event, None)])[0] or []

    def handle_batch(self, incoming: Sequence[Incoming]) -> list[list[Action] | None]:
        """Apply events that arrived together in one transaction, so a burst costs one commit. Each comes
        with the platform's delivery id (or None); a delivery seen before gives None instead of actions.
        If any event clashes with another instance's work, each is applied again in its own transaction."""
        for event, _ in incoming:
            if isinstance(event, CommandIssued):
                raise TypeError("commands go through Engine.command")

        def work(session: Session) -> list[list[Action] | None]:
            handled = bulk.open_new_tickets(self.ctx, session, incoming, self.ctx.clock.now()) \
                if len(incoming) >= bulk.MINIMUM else set()
            return [[] if index in handled else self._apply(session, event, key)
                    for index, (event, key) in enumerate(incoming)]
        results = self._transaction(work, None)
        if results is not None:
            return results
        return [self._apply_alone(event, key) for event, key in incoming]

    def _apply_alone(self, event: Event, key: str | None) -> list[Action] | None:
        """One event in its own transaction after a clash. A clash can be another instance's concurrent work
        (both creating one row), which a second try gets past; one that persists means what the event would
        write is already stored, so it was applied before."""
        for attempt in range(CLASH_TRIES):
            result = self._transaction(lambda s: [self._apply(s, event, key)], None)
            if result is not None:
                return result[0]
            time.sleep(0.005 * (attempt + 1))
        return []

    def _apply(self, session: Session, event: Event, key: str | None) -> list[Action] | None:
        if key is not None and not outbox.first_sighting(session, event.workspace, key, self.ctx.clock.now()):
            return None
        return _HANDLERS[type(event)](self.ctx, session, event)

    def command(self, event: CommandIssued) -> commands.CommandReply:
        return self._transaction(lambda s: commands.run(self.ctx, s, event),
                                 commands.CommandReply("That didn't go through, please try again.", ok=False))

    def joined(self, workspace: str, channel: str, inviter: str | None) -> list[Action]:
        """The bot joined a channel: setup hint and team notice (recorded for delivery)."""
        return self._transaction(lambda s: lifecycle.joined(self.ctx, s, workspace, channel, inviter, self.ctx.clock.now()), [])

    def pause_channel(self, workspace: str, channel: str, reason: str) -> list[Action]:
        return self._transaction(
            lambda s: lifecycle.pause_channel(self.ctx, s, workspace, channel, reason, self.ctx.clock.now()), [])

    def report_setup(self, workspace: str, problems: dict[str, str]) -> list[Action]:
        """Configured channels that are missing or lack the bot: the leads are told (once a day)."""
        return self._transaction(
            lambda s: lifecycle.report_setup(self.ctx, s, workspace, problems, self.ctx.clock.now()), [])

    def stop_workspace(self, workspace: str) -> int:
        """The app is gone from a workspace: its timers stop."""
        return self._transaction(lambda s: lifecycle.stop_workspace(s, workspace), 0)

    def remember_post(self, workspace: str, number: int, channel: str, ref: str, text: str) -> None:
        """A single-ticket reminder was posted as `ref`; it will be edited when the ticket changes."""
        self._transaction(lambda s: updates.remember(s, workspace, number, channel, ref, text, self.ctx.clock.now()), None)

    def posted_reminders(self, workspace: str, number: int) -> list[tuple[str, str, str]]:
        return self._transaction(lambda s: updates.posted(s, workspace, number), [])

    def ticket_of_post(self, workspace: str, ref: str) -> int | None:
        return self._transaction(lambda s: updates.ticket_of(s, workspace, ref), None)

    def home(self, workspace: str, user: str) -> str:
        """The rendered home view of one person (sections separated by `---` lines)."""
        def work(session: Session) -> str:
            view = home.build(self.ctx, session, workspace, user, self.ctx.clock.now())
            names = {p.id: p.name for p in self.ctx.catalogue.principles}
            principle = self.ctx.catalogue.get(view.tip.principle) if view.tip else None
            return self.ctx.renderer.render(
                "home.j2", mine=view.mine, coaching=view.coaching, tip=view.tip,
                tip_principle=principle.name if principle else "", is_lead=view.is_lead, queue=view.queue,
                responders=view.responders, principles=[(names.get(p, p), n) for p, n in view.coaching.by_principle],
                praise=[(label.replace("_", " "), n) for label, n in view.coaching.praise])
        return self._transaction(work, "")

    def settings_of(self, workspace: str, channel: str) -> ChannelSettings | None:
        if self.ctx.config.channel(channel) is None:
            return None
        cached = self.ctx.settings_cache.peek(workspace)
        if cached is not None:
            return cached.get(channel)
        return self._transaction(lambda s: self.ctx.channel_settings(s, workspace, channel), None)

    def change_settings(self, workspace: str, channel: str, user: str, is_admin: bool,
                        values: dict[str, Any]) -> dict[str, str]:
        """Apply settings changed from chat; returns problems by key (empty when stored)."""
        return self._transaction(
            lambda s: channel_settings.change(self.ctx, s, workspace, channel, user, is_admin, values),
            {"channel": "that didn't go through, please try again"})

    def review(self, workspace: str, channel: str, text: str, *, customer: str | None = None,
               option: str | None = None) -> str | None:
        """Coaching on any message on request (None when the channel is not a support channel)."""
        def work(session: Session) -> str | None:
            settings = self.ctx.channel_settings(session, workspace, channel)
            return None if settings is None else coaching.review(self.ctx, settings, text, self.ctx.clock.now(),
                                                                 customer=customer, option=option)
        return self._transaction(work, None)

    def feedback(self, workspace: str, nudge_id: int, user: str, helpful: bool) -> bool:
        return self._transaction(lambda s: coaching.record_feedback(s, workspace, nudge_id, user, helpful), False)

    def sweep(self, now: datetime | None = None) -> list[Action]:
        """Fire due ticket timers and due daily tips, in time order."""
        moment = now or self.ctx.clock.now()

        def work(session: Session) -> list[Action]:
            fired = sweep.sweep_due_timers(self.ctx, session, moment)
            for workspace in session.scalars(select(Workspace.id)):
                fired += tips.send_due_tips(self.ctx, session, workspace, moment)
            return fired
        return self._transaction(work, [])

    def due_count(self, now: datetime | None = None) -> int:
        """Timers due and not yet fired: what the next sweep has to do."""
        moment = now or self.ctx.clock.now()
        return self._transaction(lambda s: sweep.count_due(s, moment), 0)

    def next_wakeup(self, after: datetime, *, reminders_only: bool = False) -> datetime | None:
        """The next moment anything is due: a pending timer or, unless excluded, a daily tip."""
        def work(session: Session) -> datetime | None:
            moments = [sweep.next_due(session, list(REMINDER_KINDS) if reminders_only else None)]
            if not reminders_only:
                moments += [tips.next_tip_time(self.ctx, session, w, after) for w in session.scalars(select(Workspace.id))]
            present = [m for m in moments if m is not None]
            return min(present) if present else None
        return self._transaction(work, None)

    def first_sighting(self, workspace: str, key: str) -> bool:
        """False when this platform delivery id was processed before (a retry to drop)."""
        return self._transaction(lambda s: outbox.first_sighting(s, workspace, key, self.ctx.clock.now()), False)

    def pending_deliveries(self, limit: int = 100) -> list[tuple[int, Action]]:
        """Recorded actions due to be sent, oldest first, as (outbox id, action), claimed for this sender."""
        return self._transaction(
            lambda s: [(row.id, Action.from_record(row.payload)) for row in outbox.claim(s, self.ctx.clock.now(), limit)],
            [])

    def delivered(self, ids: list[int]) -> None:
        if ids:
            self._transaction(lambda s: outbox.mark_delivered(s, ids, self.ctx.clock.now()), None)

    def delivery_failed(self, row_id: int, action: Action, error: str, permanent: bool) -> bool:
        """Count a failure; once parked, the action stays in the outbox and its channel's leads are told."""
        def work(session: Session) -> bool:
            parked = outbox.mark_failed(session, row_id, error, self.ctx.clock.now(), permanent)
            if parked:
                lifecycle.report_parked(self.ctx, session, action, error, self.ctx.clock.now())
            return parked
        return self._transaction(work, False)

    def purge(self, now: datetime | None = None) -> int:
        moment = now or self.ctx.clock.now()
        return self._transaction(lambda s: retention.purge(s, moment, self.ctx.config.workspace.retention_days), 0)
