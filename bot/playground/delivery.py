"""Engine actions shown in the playground: nudges in the person's own pane, reminders and tips in the team
channel (rewritten when the ticket changes), anything else to its recipients."""
from __future__ import annotations

from bot.core.actions import Action
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

    async def nudge(self, action: Action) -> None:
        self._post(pane(action.to[0], self.support), action.text, "nudge", buttons=[
            {"label": self.labels["helpful"], "action": "helpful", "value": str(action.nudge_id)},
            {"label": self.labels["unhelpful"], "action": "unhelpful", "value": str(action.nudge_id)},
            {"label": self.labels["mute"], "action": "mute", "value": str(action.principle)}])

    async def post_text(self, action: Action, recipient: str) -> None:
        self._post(pane(recipient, self.support), action.text, action.kind.value)

    async def post_reminder(self, outgoing: Outgoing, numbers: list[int]) -> str | None:
        one = numbers[0] if len(numbers) == 1 else None
        buttons = [{"label": self.labels[k], "action": k, "value": str(one)} for k in ("take", "snooze", "resolve")]
        return self._post(TEAM, outgoing.text, "reminder", buttons=buttons if one else [], ticket=one).id

    async def copy_reminder(self, action: Action, recipient: str) -> None:
        self._post(pane(recipient, self.support), action.text, action.kind.value)

    async def edit_reminder(self, workspace: str, channel: str, ref: str, text: str) -> None:
        self.feed.update(channel, ref, text)
