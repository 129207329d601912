"""Engine actions as proactive Teams messages: nudges in the person's 1:1 chat, reminders as cards in the
team channel (updated in place when the ticket changes), through botbuilder's CloudAdapter."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity, ActivityTypes, ChannelAccount, ConversationParameters, ConversationReference
from msrest.exceptions import HttpOperationError

from bot import metrics
from bot.core.actions import Action
from bot.outbound import Outbound
from bot.services.digest import Outgoing
from bot.services.engine import Engine
from bot.teams import cards
from bot.teams.conversations import Conversations, channel_key, member_key, user_key
from bot.teams.markup import Markup, references, to_teams
from bot.teams.settings import TeamsSettings

log = logging.getLogger(__name__)
#: Connector answers worth another try soon (throttled, precondition race, gateway trouble).
RETRYABLE = {412, 429, 500, 502, 503, 504}
#: Answers no retry will fix: the action is parked and reported.
PERMANENT = {400, 401, 403, 404}
TRIES = 3
MAX_WAIT_SECONDS = 10.0


class Unreachable(LookupError):
    """No stored conversation leads to this person or channel (yet), or its service URL is not trusted."""


def status_of(error: HttpOperationError) -> int:
    response = getattr(error, "response", None)
    return int(getattr(response, "status_code", None) or getattr(response, "status", None) or 0)


def retry_after(error: HttpOperationError, attempt: int) -> float:
    """The connector's Retry-After when it sends one, else exponential backoff."""
    headers = getattr(getattr(error, "response", None), "headers", None) or {}
    try:
        return min(MAX_WAIT_SECONDS, float(headers.get("Retry-After", "")))
    except ValueError:
        return min(MAX_WAIT_SECONDS, 0.5 * 2 ** attempt)


class TeamsDelivery(Outbound):
    platform = "teams"

    def __init__(self, engine: Engine, adapter: CloudAdapter, settings: TeamsSettings,
                 conversations: Conversations) -> None:
        super().__init__(engine)
        self.adapter = adapter
        self.settings = settings
        self.conversations = conversations
        self.labels = engine.ctx.renderer.captions("buttons.j2")

    def failure(self, error: Exception) -> tuple[str, bool] | None:
        if isinstance(error, HttpOperationError):
            status = status_of(error)
            return f"http_{status}", status in PERMANENT
        if isinstance(error, Unreachable):
            return f"unreachable: {error}", False
        return None

    # -- what each action becomes ------------------------------------------------------------------------

    async def nudge(self, action: Action) -> None:
        """To the person's 1:1 chat; when that is impossible (app not installed for them, or blocked),
        to the team channel with an @mention, so the note still reaches them."""
        def card(markup: Markup) -> cards.Card:
            return cards.nudge(markup, action.nudge_id, action.principle, self.labels)
        try:
            await self.to_person(action.workspace, action.to[0], card, action.text)
        except (Unreachable, HttpOperationError) as error:
            if isinstance(error, HttpOperationError) and status_of(error) not in PERMANENT:
                raise
            settings = await asyncio.to_thread(self.engine.settings_of, action.workspace, str(action.channel))
            if settings is None:
                raise
            text = f"<@{action.to[0]}> {action.text}"
            await self.post(action.workspace, settings.team_channel, card, text)

    async def post_text(self, action: Action, recipient: str) -> None:
        await self.post(action.workspace, recipient, cards.message, action.text)

    async def post_reminder(self, outgoing: Outgoing, numbers: list[int]) -> str | None:
        first = outgoing.actions[0]
        links = {a.ticket_number: self._link(a) for a in outgoing.actions if a.ticket_number and a.ticket}
        return await self.post(first.workspace, first.to[0],
                               lambda m: cards.reminder(m, numbers, links, self.labels), outgoing.text) or None

    async def copy_reminder(self, action: Action, recipient: str) -> None:
        if not recipient.startswith("19:"):
            await self.to_person(action.workspace, recipient, cards.message, action.text)

    async def edit_reminder(self, workspace: str, channel: str, ref: str, text: str) -> None:
        reference = await self._reference(workspace, channel_key(channel))
        markup = await self._markup(workspace, text)
        update = Activity(type=ActivityTypes.message, id=ref, attachments=[cards.attachment(cards.message(markup))])

        async def rewrite(turn: TurnContext) -> None:
            await turn.update_activity(update)
        await self._continue(reference, rewrite)

    # -- sending -----------------------------------------------------------------------------------------

    async def post(self, workspace: str, recipient: str, card: Callable[[Markup], cards.Card], text: str) -> str:
        """A new post in a channel ("19:…" ids) or a 1:1 message to a person; returns the activity id."""
        if not recipient.startswith("19:"):
            return await self.to_person(workspace, recipient, card, text)
        reference = await self._reference(workspace, channel_key(recipient))
        return await self._send(reference, cards.attachment(card(await self._markup(workspace, text))))

    async def to_person(self, workspace: str, user: str, card: Callable[[Markup], cards.Card], text: str) -> str:
        """The person's 1:1 chat, opened (and remembered) the first time from a channel's service URL."""
        activity = cards.attachment(card(await self._markup(workspace, text)))
        stored = await asyncio.to_thread(self.conversations.get, workspace, user_key(user))
        if stored is not None:
            return await self._send(ConversationReference().deserialize(stored), activity)
        channel = await asyncio.to_thread(self.conversations.any_channel, workspace)
        if channel is None:
            raise Unreachable(f"no chat with {user}")
        base = ConversationReference().deserialize(channel)
        member = await asyncio.to_thread(self.conversations.get, workspace, member_key(user)) \
            or await self._look_up(workspace, base, user)
        self._check(base.service_url)
        parameters = ConversationParameters(is_group=False, bot=base.bot, members=[ChannelAccount(id=member["id"])],
                                            tenant_id=workspace, channel_data={"tenant": {"id": workspace}})
        sent: list[str] = []

        async def first_message(turn: TurnContext) -> None:
            reference = TurnContext.get_conversation_reference(turn.activity)
            reference.activity_id = None
            await asyncio.to_thread(self.conversations.remember, workspace, {user_key(user): reference.serialize()})
            sent.append(await _post_new(turn, reference, activity))
        await self._retrying(lambda: self.adapter.create_conversation(
            self.settings.app_id or None, first_message, parameters, "msteams", base.service_url, None))
        return sent[0] if sent else ""

    async def _look_up(self, workspace: str, base: ConversationReference, user: str) -> dict[str, Any]:
        """A person the bot has not heard from yet: Teams finds team members by Azure AD object id."""
        found: list[ChannelAccount] = []

        async def ask(turn: TurnContext) -> None:
            connector = turn.turn_state.get(turn.adapter.BOT_CONNECTOR_CLIENT_KEY)
            found.append(await connector.conversations.get_conversation_member(base.conversation.id, user))
        try:
            await self._continue(base, ask)
        except HttpOperationError as error:
            raise Unreachable(f"{user} is not a member (HTTP {status_of(error)})") from error
        member = {"id": found[0].id, "name": found[0].name or ""}
        await asyncio.to_thread(self.conversations.remember, workspace, {member_key(user): member})
        return member

    async def _find_member(self, workspace: str, user: str) -> dict[str, Any] | None:
        channel = await asyncio.to_thread(self.conversations.any_channel, workspace)
        if channel is None:
            return None
        try:
            return await self._look_up(workspace, ConversationReference().deserialize(channel), user)
        except Unreachable:
            return None

    async def _send(self, reference: ConversationReference, attachment: Any) -> str:
        sent: list[str] = []

        async def deliver(turn: TurnContext) -> None:
            sent.append(await _post_new(turn, reference, attachment))
        await self._continue(reference, deliver)
        return sent[0] if sent else ""

    async def _continue(self, reference: ConversationReference, logic: Callable[[TurnContext], Awaitable[Any]]) -> None:
        self._check(reference.service_url)
        await self._retrying(lambda: self.adapter.continue_conversation(reference, logic, self.settings.app_id or None))

    async def _retrying(self, call: Callable[[], Awaitable[Any]]) -> None:
        """Throttling and gateway errors are tried again (honouring Retry-After); the rest go to the caller."""
        for attempt in range(TRIES):
            try:
                await call()
                return
            except HttpOperationError as error:
                if status_of(error) not in RETRYABLE or attempt == TRIES - 1:
                    raise
                metrics.CHAT_RETRIES.labels(self.platform).inc()
                await asyncio.sleep(retry_after(error, attempt))

    def _check(self, service_url: str | None) -> None:
        if not service_url or not self.settings.may_call(service_url):
            raise Unreachable("untrusted service URL")

    async def _reference(self, workspace: str, key: str) -> ConversationReference:
        """A stored reference; for a channel the bot has not heard from, one built from another channel of the
        tenant (same service URL and bot), which Teams accepts for any channel of a team the app is in."""
        stored = await asyncio.to_thread(self.conversations.get, workspace, key)
        if stored is None and key.startswith("channel:"):
            stored = await asyncio.to_thread(self.conversations.any_channel, workspace)
            if stored is not None:
                stored = {**stored, "conversation": {**stored.get("conversation", {}), "id": key[len("channel:"):]}}
        if stored is None:
            raise Unreachable(f"no conversation for {key}")
        return ConversationReference().deserialize(stored)

    async def _markup(self, workspace: str, text: str) -> Markup:
        people: dict[str, tuple[str, str]] = {}
        channels: dict[str, str] = {}
        mentioned, named_channels = references(text)
        for user in mentioned:
            member = await asyncio.to_thread(self.conversations.get, workspace, member_key(user))
            if member is None:
                member = await self._find_member(workspace, user)
            if member is not None:
                people[user] = (str(member["id"]), str(member.get("name") or "teammate"))
        for channel in named_channels:
            stored = await asyncio.to_thread(self.conversations.get, workspace, channel_key(channel))
            channels[channel] = str((stored or {}).get("name") or "the support channel")
        return to_teams(text, people.get, lambda c: channels.get(c, "the support channel"))

    @staticmethod
    def _link(action: Action) -> str:
        """A deep link to the customer's message in its channel."""
        return (f"https://teams.microsoft.com/l/message/{action.channel}/{action.ticket}"
                f"?parentMessageId={action.ticket}")


async def _post_new(turn: TurnContext, reference: ConversationReference, attachment: Any) -> str:
    """A new message in the referenced conversation (a new post in a channel), never a reply to the turn's
    own activity, which is what `send_activity` would make of a proactive turn."""
    activity = TurnContext.apply_conversation_reference(
        Activity(type=ActivityTypes.message, attachments=[attachment]), reference)
    (response,) = await turn.adapter.send_activities(turn, [activity])
    return str(response.id or "") if response else ""
