"""Engine actions shown in the playground: nudges in the person's own pane, reminders and tips in the team
channel (rewritten when the ticket changes), anything else to its recipients."""
from __future__ import annotations

import asyncio

from bot.core.actions import CHANNEL_REMINDERS, Action, ActionKind
from bot.outbound import Outbound
from bot.playground.feed import Feed, Post
from bot.services.digest import Outgoing
from bot.services.engine import Engine

TEAM = "team"


def pane(recipient: str, support: set[str]) -> str:
    """Where a recipient's messages show: a channel's own list, else the person's private pane."""
    return recipient if recipient == TEAM or recipient in support else f"private:{recipient}"


class PlaygroundDelivery(Outbound):
    platform = "playground"

    def __init__(self, engine: Engine, feed: Feed) -> None:
        super().__init__(engine)
        self.feed = feed
        self.support = {c.id for c in engine.ctx.config.channels}
        self.labels = engine.ctx.renderer.captions("buttons.j2")

    def failure(self, error: Exception) -> tuple[str, bool] | None:
        return None

    def _post(self, where: str, text: str, kind: str, **extra: object) -> Post:
        now = self.engine.ctx.clock.now()
        return self.feed.add(where, Post(self.feed.next_ts(now), now, "coachbot", text, kind=kind, **extra))  # type: ignore[arg-type]

    async def send(self, outgoing: Outgoing) -> None:
        first = outgoing.actions[0]
        if first.kind is ActionKind.NUDGE:
            self._post(pane(first.to[0], self.support), first.text, "nudge", buttons=[
                {"label": self.labels["helpful"], "action": "helpful", "value": str(first.nudge_id)},
                {"label": self.labels["unhelpful"], "action": "unhelpful", "value": str(first.nudge_id)},
                {"label": self.labels["mute"], "action": "mute", "value": str(first.principle)}])
        elif first.kind is ActionKind.TICKET_UPDATE:
            await self._update(first)
        elif first.kind in CHANNEL_REMINDERS:
            await self._reminder(outgoing)
        else:
            for recipient in first.to:
                self._post(pane(recipient, self.support), first.text, first.kind.value)

    async def _reminder(self, outgoing: Outgoing) -> None:
        numbers = [a.ticket_number for a in outgoing.actions if a.ticket_number is not None]
        buttons = [{"label": self.labels[k], "action": k, "value": str(numbers[0])} for k in ("take", "snooze", "resolve")]
        post = self._post(TEAM, outgoing.text, "reminder", buttons=buttons if len(numbers) == 1 else [],
                          ticket=numbers[0] if len(numbers) == 1 else None)
        if len(numbers) == 1:
            await asyncio.to_thread(self.engine.remember_post, outgoing.actions[0].workspace, numbers[0], TEAM, post.id,
                                    outgoing.text)
        for action in outgoing.actions:
            for recipient in action.to[1:]:
                self._post(pane(recipient, self.support), action.text, action.kind.value)

    async def _update(self, action: Action) -> None:
        if action.ticket_number is None:
            return
        for channel, ref, original in await asyncio.to_thread(self.engine.posted_reminders, action.workspace,
                                                              action.ticket_number):
            self.feed.update(channel, ref, f"{original}\n{action.text}")
