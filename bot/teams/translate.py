"""Bot Framework activities as engine events: tenant, channel, reply chain and person, in the engine's terms."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime, timezone

from botbuilder.schema import Activity
from botbuilder.schema.teams import TeamsChannelData

from bot.core.events import CommandIssued, MessageDeleted, MessageEdited, MessagePosted

_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<\s*(br|/p|/div|/li)\s*/?>", re.IGNORECASE)
#: Attachments Teams adds to every formatted message; anything else (files, images, cards) is content.
_ECHO_TYPES = {"text/html"}


@dataclass(frozen=True)
class Where:
    """Where an activity happened: tenant (the engine's workspace), channel, and the reply chain's root."""

    workspace: str
    channel: str
    kind: str  # "channel", "personal" or "groupChat"
    root: str | None

    @property
    def is_channel(self) -> bool:
        return self.kind == "channel"


def _channel_data(activity: Activity) -> TeamsChannelData:
    return TeamsChannelData().deserialize(activity.channel_data or {})


def where(activity: Activity) -> Where:
    """Tenant from the channel data (Teams sends `tenantId`, which botbuilder does not map), channel from the
    channel data or the conversation id, and the root of the reply chain from `;messageid=`."""
    data = _channel_data(activity)
    conversation = activity.conversation
    conversation_id = (conversation.id if conversation else "") or ""
    base, _, root = conversation_id.partition(";messageid=")
    tenant = (data.tenant.id if data.tenant else None) or (conversation.tenant_id if conversation else None) or "default"
    channel = (data.channel.id if data.channel else None) or base
    kind = (conversation.conversation_type if conversation else None) or ("channel" if data.channel else "personal")
    return Where(str(tenant), str(channel), str(kind), root or None)


def person(activity: Activity) -> str:
    """The Azure AD object id (stable across bots), else the channel-specific id."""
    sender = activity.from_property
    return str((sender.aad_object_id or sender.id) if sender else "")


def mentions(activity: Activity) -> list[tuple[str, str]]:
    """(mentioned id, `<at>` text) of each @mention. Read from the entities' raw properties: botbuilder's
    `get_mentions` fails when there are no entities and deserializes mentions without their target."""
    found = []
    for entity in activity.entities or []:
        if str(getattr(entity, "type", "")).lower() != "mention":
            continue
        extra = getattr(entity, "additional_properties", None) or {}
        mentioned = extra.get("mentioned") or {}
        found.append((str(mentioned.get("id", "")), str(extra.get("text", ""))))
    return found


def mentions_bot(activity: Activity) -> bool:
    me = activity.recipient.id if activity.recipient else None
    return any(mentioned == me for mentioned, _ in mentions(activity))


def plain_text(activity: Activity) -> str:
    """The message as a person wrote it: the bot's @mention removed, HTML tags and entities undone."""
    text = activity.text or ""
    me = activity.recipient.id if activity.recipient else None
    for mentioned, tag in mentions(activity):
        if mentioned == me and tag:
            text = text.replace(tag, " ")
    text = _TAG.sub("", _BREAK.sub("\n", text))
    return html.unescape(text).strip()


def has_files(activity: Activity) -> bool:
    return any(a.content_type not in _ECHO_TYPES for a in activity.attachments or []) or "<img" in (activity.text or "")


def at(activity: Activity, fallback: datetime) -> datetime:
    stamp = activity.timestamp
    if stamp is None:
        return fallback
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)


def message(activity: Activity, place: Where, now: datetime) -> MessagePosted:
    """A channel post or reply; the root's id is the thread key, as a Slack thread's root `ts` is."""
    top_level = place.root is None or place.root == activity.id
    return MessagePosted(place.workspace, place.channel, person(activity), str(activity.id), plain_text(activity),
                         at(activity, now), thread_ts=None if top_level else place.root,
                         has_files=has_files(activity))


def edited(activity: Activity, place: Where, now: datetime) -> MessageEdited:
    return MessageEdited(place.workspace, place.channel, str(activity.id), plain_text(activity), at(activity, now))


def deleted(activity: Activity, place: Where, now: datetime) -> MessageDeleted:
    return MessageDeleted(place.workspace, place.channel, str(activity.id), at(activity, now))


def command(activity: Activity, place: Where, text: str, now: datetime, is_admin: bool,
            message_ref: str | None = None) -> CommandIssued:
    """A command typed to the bot; in a reply chain it acts on that chain's ticket."""
    return CommandIssued(place.workspace, place.channel, person(activity), text, now,
                         ticket_message_ts=message_ref or place.root, is_admin=is_admin)
