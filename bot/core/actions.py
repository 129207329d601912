"""What the bot decided to say, and to whom. Adapters turn these into platform calls."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field, fields
from datetime import datetime


class ActionKind(str, enum.Enum):
    NUDGE = "nudge"
    FIRST_RESPONSE_REMINDER = "first_response_reminder"
    ESCALATION = "escalation"
    OWNER_FOLLOWUP = "owner_followup"
    PROMISE_REMINDER = "promise_reminder"
    PROMISE_MISSED = "promise_missed"
    TIP = "tip"
    NOTICE = "notice"
    TICKET_UPDATE = "ticket_update"


#: What a transcript replay reports (notices concern the bot's setup; ticket updates only edit posted reminders).
REPLAYED = frozenset(set(ActionKind) - {ActionKind.NOTICE, ActionKind.TICKET_UPDATE})
#: Actions that go to a team channel and may be combined into one digest when several fall due together.
CHANNEL_REMINDERS = frozenset({ActionKind.FIRST_RESPONSE_REMINDER, ActionKind.ESCALATION})


@dataclass(frozen=True)
class Action:
    """One thing to send. `to` lists channel and user ids; `ticket` is the opening message's ts.
    `summary` is the text without its mentions, for a digest that mentions everyone once."""

    kind: ActionKind
    at: datetime
    workspace: str
    to: tuple[str, ...]
    text: str
    channel: str | None = None
    ticket: str | None = None
    ticket_number: int | None = None
    principle: str | None = None
    level: str | None = None
    late: bool = False
    thread_ts: str | None = None
    nudge_id: int | None = None
    tip_id: str | None = None
    mentions: tuple[str, ...] = field(default=())
    summary: str | None = None

    def to_record(self) -> dict[str, object]:
        """A JSON-ready dict (times as ISO 8601)."""
        record: dict[str, object] = {f.name: getattr(self, f.name) for f in fields(self)}  # flat: no deep copy
        record["kind"] = self.kind.value
        record["at"] = self.at.isoformat()
        record["to"] = list(self.to)
        record["mentions"] = list(self.mentions)
        return record

    @classmethod
    def from_record(cls, record: dict[str, object]) -> Action:
        data = dict(record)
        data["kind"] = ActionKind(data["kind"])
        data["at"] = datetime.fromisoformat(str(data["at"]))
        data["to"] = tuple(data["to"])  # type: ignore[arg-type]
        data["mentions"] = tuple(data.get("mentions", ()))  # type: ignore[arg-type]
        return cls(**data)  # type: ignore[arg-type]
