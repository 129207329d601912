"""The delivery loop every chat adapter shares: pending outbox rows become grouped messages, sent a few at
a time; each failure is counted, and an action that cannot succeed is parked and reported."""
from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod

from bot import metrics
from bot.core.actions import CHANNEL_REMINDERS, Action, ActionKind
from bot.services.digest import Outgoing, group
from bot.services.engine import Engine

log = logging.getLogger(__name__)
#: Sends in flight at once per round (platform rate limits are per method and channel or thread).
PARALLEL_SENDS = 8


class Outbound(ABC):
    """One delivery round at a time per process; subclasses say how a message is sent and what an error means."""

    platform = "chat"

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = asyncio.Lock()

    @abstractmethod
    def failure(self, error: Exception) -> tuple[str, bool] | None:
        """(error code, permanent?) for an error the platform reported; None for anything unexpected."""

    @abstractmethod
    async def nudge(self, action: Action) -> None:
        """Private coaching, to the one person it is for."""

    @abstractmethod
    async def post_text(self, action: Action, recipient: str) -> None:
        """The action's text as a plain message to one of its recipients, a channel or a person."""

    @abstractmethod
    async def post_reminder(self, outgoing: Outgoing, numbers: list[int]) -> str | None:
        """A reminder (or a digest of several) in the team channel, with buttons when it is about one ticket;
        returns the platform's id of the post, so it can be edited when the ticket changes."""

    @abstractmethod
    async def copy_reminder(self, action: Action, recipient: str) -> None:
        """A reminder's copy to one of its further recipients (the platform skips those it cannot reach)."""

    @abstractmethod
    async def edit_reminder(self, workspace: str, channel: str, ref: str, text: str) -> None:
        """Rewrite a posted reminder with this text and no buttons."""

    async def send(self, outgoing: Outgoing) -> None:
        """Deliver one message: a nudge to its person, a reminder to its team channel (its post remembered), a
        ticket's news as an edit of the reminders posted about it, anything else as a plain post."""
        first = outgoing.actions[0]
        if first.kind is ActionKind.NUDGE:
            await self.nudge(first)
        elif first.kind is ActionKind.TICKET_UPDATE:
            await self._rewrite_reminders(first)
        elif first.kind in CHANNEL_REMINDERS:
            await self._remind(outgoing)
        else:
            for recipient in first.to:
                await self.post_text(first, recipient)

    async def _remind(self, outgoing: Outgoing) -> None:
        first = outgoing.actions[0]
        numbers = [a.ticket_number for a in outgoing.actions if a.ticket_number is not None]
        ref = await self.post_reminder(outgoing, numbers)
        if len(numbers) == 1 and ref:
            await asyncio.to_thread(self.engine.remember_post, first.workspace, numbers[0], first.to[0], ref,
                                    outgoing.text)
        for action in outgoing.actions:
            for recipient in action.to[1:]:
                await self.copy_reminder(action, recipient)

    async def _rewrite_reminders(self, action: Action) -> None:
        """The old text, the news, and no more buttons, wherever the ticket's reminders were posted."""
        if action.ticket_number is None:
            return
        for channel, ref, original in await asyncio.to_thread(self.engine.posted_reminders, action.workspace,
                                                              action.ticket_number):
            await self.edit_reminder(action.workspace, channel, ref, f"{original}\n{action.text}")

    async def run_once(self) -> int:
        """Send everything pending; returns how many actions went out."""
        async with self._lock:
            pending = await asyncio.to_thread(self.engine.pending_deliveries)
            if not pending:
                return 0
            ids = {id(action): row_id for row_id, action in pending}
            limit = asyncio.Semaphore(PARALLEL_SENDS)

            async def attempt(outgoing: Outgoing) -> list[int]:
                row_ids = [ids[id(a)] for a in outgoing.actions]
                async with limit:
                    try:
                        await self.send(outgoing)
                    except Exception as error:  # noqa: BLE001 - every failure is counted, none loops forever
                        known = self.failure(error)
                        if known is None:
                            log.exception("delivery failed")
                        code, permanent = known or (type(error).__name__, False)
                        metrics.CHAT_ERRORS.labels(self.platform, code[:40]).inc()
                        await self._failed(row_ids, outgoing, code, permanent)
                        return []
                metrics.delivered(outgoing.actions)
                return row_ids

            outgoing = group([action for _, action in pending], self.engine.ctx.renderer)
            done = [row_id for rows in await asyncio.gather(*(attempt(o) for o in outgoing)) for row_id in rows]
            await asyncio.to_thread(self.engine.delivered, done)
            return len(done)

    async def _failed(self, row_ids: list[int], outgoing: Outgoing, code: str, permanent: bool) -> None:
        """Count the failure; permanent errors (and the fifth failure of any kind) park the action."""
        for row_id, action in zip(row_ids, outgoing.actions, strict=True):
            try:
                parked = await asyncio.to_thread(self.engine.delivery_failed, row_id, action, code, permanent)
            except Exception:
                log.exception("could not record a failed delivery")
                continue
            if parked:
                log.warning("action %s parked: %s", row_id, code)


class Rounds:
    """Starts delivery rounds for an adapter: `soon()` after anything was recorded (at most one waiting),
    `now()` from the scheduler; `track` keeps background work visible so shutdown can finish it."""

    def __init__(self, outbound: Outbound) -> None:
        self.outbound = outbound
        self._tasks: set[asyncio.Task[object]] = set()
        self._waiting = False
        self._round = asyncio.Lock()

    def track(self, task: asyncio.Task[object]) -> None:
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def now(self) -> None:
        task: asyncio.Task[object] = asyncio.create_task(self.outbound.run_once())
        self.track(task)
        await task

    def soon(self) -> None:
        if self._waiting:
            return
        self._waiting = True

        async def round_() -> None:
            async with self._round:
                self._waiting = False
                await self.outbound.run_once()
        self.track(asyncio.create_task(round_()))

    async def finish(self, seconds: float = 2.0) -> None:
        """Let in-flight work end briefly, then cancel it, so no connection is left open."""
        pending = [t for t in self._tasks if not t.done()]
        if pending:
            _, late = await asyncio.wait(pending, timeout=seconds)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
