"""Tables. Every row carries its workspace, and every query filters on it.

Message text is kept only when the workspace opts in (`store_message_text`); otherwise a hash, the
labels and the times are enough to run timers, deduplicate deliveries and report stats.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, on SQLite (which drops the zone) as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime reached the store")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    """Declarative base of every coachbot table."""


class Workspace(Base):
    """A chat workspace (Slack team or Teams tenant) and its ticket number sequence."""

    __tablename__ = "workspaces"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    next_ticket_number: Mapped[int] = mapped_column(Integer, default=1)


class Ticket(Base):
    """A customer request: its thread, who owns it, and where it stands."""

    __tablename__ = "tickets"
    __table_args__ = (
        UniqueConstraint("workspace", "number", name="uq_ticket_number"),
        UniqueConstraint("workspace", "channel", "root_ts", name="uq_ticket_root"),
        Index("ix_ticket_open", "workspace", "status"),
        Index("ix_ticket_customer", "workspace", "channel", "customer", "last_top_level_at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(64))
    number: Mapped[int] = mapped_column(Integer)
    root_ts: Mapped[str] = mapped_column(String(64))
    customer: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_top_level_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), default="open")
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    owner: Mapped[str | None] = mapped_column(String(64), nullable=True)
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_customer_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_staff_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    awaiting: Mapped[str] = mapped_column(String(16), default="staff")
    complaint_pending: Mapped[bool] = mapped_column(Boolean, default=False)
    snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class Message(Base):
    """A message the bot saw, by platform id; text only when the workspace allows it."""

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("workspace", "channel", "ts", name="uq_message"),
        Index("ix_message_ticket", "ticket_id"),
        Index("ix_message_at", "workspace", "at"),
        Index("ix_message_thread", "workspace", "channel", "thread_ts"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(64))
    ts: Mapped[str] = mapped_column(String(64))
    thread_ts: Mapped[str | None] = mapped_column(String(64), nullable=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"), nullable=True)
    user: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    text_hash: Mapped[str] = mapped_column(String(64))
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    labels: Mapped[list[str]] = mapped_column(JSON, default=list)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)


class Timer(Base):
    """A pending reminder with a due time; the sweep fires due rows, so timers survive restarts."""

    __tablename__ = "timers"
    __table_args__ = (Index("ix_timer_due", "status", "due_at"), Index("ix_timer_ticket", "ticket_id"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace: Mapped[str] = mapped_column(String(64))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    level: Mapped[str | None] = mapped_column(String(16), nullable=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    base_due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), default="pending")
    promise_id: Mapped[int | None] = mapped_column(ForeignKey("promises.id", ondelete="CASCADE"), nullable=True)
    fired_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class Promise(Base):
    """A timed follow-up a staff member committed to in a ticket's thread."""

    __tablename__ = "promises"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace: Mapped[str] = mapped_column(String(64))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    user: Mapped[str] = mapped_column(String(64))
    message_ts: Mapped[str] = mapped_column(String(64))
    made_at: Mapped[datetime] = mapped_column(UTCDateTime())
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Nudge(Base):
    """A private coaching message; `scope` is the ticket (or the message when there is none)."""

    __tablename__ = "nudges"
    __table_args__ = (UniqueConstraint("workspace", "user", "scope", "principle", name="uq_nudge_once"),
                      Index("ix_nudge_user_at", "workspace", "user", "at"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace: Mapped[str] = mapped_column(String(64))
    user: Mapped[str] = mapped_column(String(64))
    scope: Mapped[str] = mapped_column(String(160))
    principle: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(64))
    message_ts: Mapped[str] = mapped_column(String(64))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"), nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    helpful: Mapped[bool | None] = mapped_column(Boolean, nullable=True)


class Mute(Base):
    """A principle someone asked not to be coached on."""

    __tablename__ = "mutes"
    workspace: Mapped[str] = mapped_column(String(64), primary_key=True)
    user: Mapped[str] = mapped_column(String(64), primary_key=True)
    principle: Mapped[str] = mapped_column(String(64), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class TipSent(Base):
    """The daily tip a team channel got on a local date: one row per channel and day, never two."""

    __tablename__ = "tips_sent"
    __table_args__ = (UniqueConstraint("workspace", "team_channel", "day", name="uq_tip_day"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace: Mapped[str] = mapped_column(String(64))
    team_channel: Mapped[str] = mapped_column(String(64))
    day: Mapped[date] = mapped_column(Date)
    tip_id: Mapped[str] = mapped_column(String(96))
    principle: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class Outbox(Base):
    """Every action the engine decided on, keyed so a retry or a second instance cannot send it twice."""

    __tablename__ = "outbox"
    __table_args__ = (UniqueConstraint("workspace", "dedupe_key", name="uq_outbox_key"),
                      Index("ix_outbox_pending", "delivered_at"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace: Mapped[str] = mapped_column(String(64))
    dedupe_key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    payload: Mapped[dict] = mapped_column(JSON)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    parked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    error: Mapped[str | None] = mapped_column(String(200), nullable=True)
    #: Held by one sender until then (another instance skips it); a crashed sender's claim simply expires.
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    #: After a failure, not tried again before then (backoff).
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class SeenDelivery(Base):
    """A platform delivery id already processed (Slack `event_id`, Teams activity id): retries stop here."""

    __tablename__ = "seen_deliveries"
    __table_args__ = (UniqueConstraint("workspace", "key", name="uq_seen_delivery"), Index("ix_seen_at", "at"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class ChannelSetting(Base):
    """A setting changed from chat; it wins over the configuration file for that channel."""

    __tablename__ = "channel_settings"
    workspace: Mapped[str] = mapped_column(String(64), primary_key=True)
    channel: Mapped[str] = mapped_column(String(64), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[object] = mapped_column(JSON)


class PostedReminder(Base):
    """Where a single-ticket reminder was posted (platform message id), so it can be updated later."""

    __tablename__ = "posted_reminders"
    __table_args__ = (Index("ix_posted_ticket", "workspace", "ticket_number"),
                      Index("ix_posted_ref", "workspace", "message_ref"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace: Mapped[str] = mapped_column(String(64))
    ticket_number: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(64))
    message_ref: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class SlackInstallation(Base):
    """A workspace (or Enterprise Grid organisation) that installed the Slack app, with its bot token."""

    __tablename__ = "slack_installations"
    __table_args__ = (UniqueConstraint("enterprise_id", "team_id", name="uq_slack_installation"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    enterprise_id: Mapped[str] = mapped_column(String(64), default="")
    team_id: Mapped[str] = mapped_column(String(64), default="")
    is_enterprise_install: Mapped[bool] = mapped_column(Boolean, default=False)
    app_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    bot_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    bot_user_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    bot_token: Mapped[str] = mapped_column(String(255))
    bot_scopes: Mapped[str] = mapped_column(Text, default="")
    installer: Mapped[str | None] = mapped_column(String(64), nullable=True)
    installed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class OAuthState(Base):
    """A one-time `state` of an install in progress (it defends the OAuth redirect against forgery)."""

    __tablename__ = "oauth_states"
    state: Mapped[str] = mapped_column(String(100), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class TeamsConversation(Base):
    """What Teams proactive messages need, learned from incoming activities: a serialized
    ConversationReference per channel or person, and each person's Teams id. Keyed by tenant and a
    `kind:id` key ("channel:19:…", "user:<AAD id>", "member:<AAD id>")."""

    __tablename__ = "teams_conversations"
    __table_args__ = (UniqueConstraint("workspace", "key", name="uq_teams_conversation"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(300))
    value: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
