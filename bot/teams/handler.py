"""The TeamsActivityHandler: each activity is translated and handed to the engine; commands and card clicks
are answered privately. No coaching logic here."""
from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    AdaptiveCardInvokeResponse,
    AdaptiveCardInvokeValue,
    MessageReaction,
)
from botbuilder.schema.teams import TeamInfo, TeamsChannelAccount

from bot.core.events import Event
from bot.core.roles import Role
from bot.services.commands import ALL_VERBS
from bot.settings.form import FIELDS, from_text, text_value
from bot.teams import cards, translate
from bot.teams.conversations import channel_key, member_key, user_key
from bot.teams.markup import to_teams

if TYPE_CHECKING:
    from bot.teams.app import TeamsBot

log = logging.getLogger(__name__)
#: Reactions on the bot's own reminder card that claim the ticket (Teams reports no others to bots).
CLAIMING_REACTIONS = {"like"}
_SUBMIT_COMMANDS = {"own": "own #{ticket}", "snooze": "snooze #{ticket} 30m", "resolve": "resolve #{ticket}",
                    "mute": "mute {principle}"}


class CoachHandler(TeamsActivityHandler):
    def __init__(self, bot: TeamsBot) -> None:
        self.bot = bot
        self.engine = bot.engine

    async def on_turn(self, turn_context: TurnContext) -> None:
        await self._remember(turn_context.activity)
        await super().on_turn(turn_context)

    async def _remember(self, activity: Activity) -> None:
        """Keep what later proactive messages need: the channel's or the 1:1 chat's reference, and the
        sender's Teams id and name (for opening a chat and for @mentions)."""
        if activity.from_property is None or activity.conversation is None:
            return
        place = translate.where(activity)
        reference = TurnContext.get_conversation_reference(activity).serialize()
        reference.pop("activityId", None)  # proactive messages start new posts, not replies to this one
        entries: dict[str, dict[str, Any]] = {}
        user = translate.person(activity)
        if user and activity.from_property.id != (activity.recipient.id if activity.recipient else None):
            entries[member_key(user)] = {"id": activity.from_property.id, "name": activity.from_property.name or ""}
        if place.is_channel:
            reference["conversation"] = {**reference.get("conversation", {}), "id": place.channel}
            data = activity.channel_data or {}
            reference["name"] = ((data.get("channel") or {}).get("name")) or ""
            entries[channel_key(place.channel)] = reference
        elif place.kind == "personal" and user:
            entries[user_key(user)] = reference
        if entries:
            await asyncio.to_thread(self.bot.conversations.remember, place.workspace, entries)

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        place = translate.where(activity)
        if isinstance(activity.value, dict) and cards.SUBMIT in activity.value:
            await self._submitted(turn_context, place, activity.value)
            return
        text = translate.plain_text(activity)
        first_word = text.split()[0].lower() if text.split() else ""
        if not place.is_channel or (translate.mentions_bot(activity) and (first_word in ALL_VERBS or not text)):
            await self._command(turn_context, place, text)
            return
        await self._apply(translate.message(activity, place, self.engine.ctx.clock.now()), place, activity)

    async def on_teams_message_edit(self, turn_context: TurnContext) -> None:
        place = translate.where(turn_context.activity)
        if place.is_channel:
            await self._apply(translate.edited(turn_context.activity, place, self.engine.ctx.clock.now()),
                              place, turn_context.activity)

    async def on_teams_message_soft_delete(self, turn_context: TurnContext) -> None:
        place = translate.where(turn_context.activity)
        if place.is_channel:
            await self._apply(translate.deleted(turn_context.activity, place, self.engine.ctx.clock.now()),
                              place, turn_context.activity)

    async def on_reactions_added(self, message_reactions: list[MessageReaction], turn_context: TurnContext) -> None:
        """A 👍 on the bot's reminder card claims its ticket."""
        activity = turn_context.activity
        if not any(r.type in CLAIMING_REACTIONS for r in message_reactions) or not activity.reply_to_id:
            return
        place = translate.where(activity)
        number = await asyncio.to_thread(self.engine.ticket_of_post, place.workspace, activity.reply_to_id)
        if number is not None:
            await self._command(turn_context, place, f"own #{number}", quiet=True)

    async def on_teams_members_added(self, teams_members_added: list[TeamsChannelAccount], team_info: TeamInfo,
                                     turn_context: TurnContext) -> None:
        """The app was added to a team or chat: the setup hint and, in a team channel, the notice to the team."""
        me = turn_context.activity.recipient.id if turn_context.activity.recipient else None
        if any(member.id == me for member in teams_members_added):
            place = translate.where(turn_context.activity)
            await asyncio.to_thread(self.engine.joined, place.workspace, place.channel, None)
            self.bot.deliver_soon()

    async def on_adaptive_card_invoke(self, turn_context: TurnContext,
                                      invoke_value: AdaptiveCardInvokeValue) -> AdaptiveCardInvokeResponse:
        """`Action.Execute` from a card (our cards use Action.Submit, but clients may send either): the same
        handling, and the card replaced by a short confirmation."""
        action = invoke_value.action if invoke_value else None
        data = (action.get("data") if isinstance(action, dict) else getattr(action, "data", None)) or {}
        if isinstance(data, dict) and cards.SUBMIT in data:
            await self._submitted(turn_context, translate.where(turn_context.activity), data)
        done = to_teams(self.engine.ctx.renderer.render("card_action_done.j2"), lambda _: None, lambda _: "")
        return AdaptiveCardInvokeResponse(status_code=200, type="application/vnd.microsoft.card.adaptive",
                                          value=cards.message(done))

    async def _apply(self, event: Event, place: translate.Where, activity: Activity) -> None:
        """Committed before botbuilder answers the connector; a failure is a 500 and Teams delivers again."""
        await self.bot.intake.submit(event, f"teams:{place.channel}:{activity.id}:{activity.type}")

    async def _command(self, turn_context: TurnContext, place: translate.Where, text: str, quiet: bool = False) -> None:
        activity = turn_context.activity
        event = translate.command(activity, place, text, self.engine.ctx.clock.now(), is_admin=False)
        reply = await asyncio.to_thread(self.engine.command, event)
        self.bot.deliver_soon()
        if quiet and reply.ok:
            return
        if reply.opens_settings:
            await self._settings_form(turn_context, place, event.user)
            return
        await self._answer(turn_context, place, event.user, reply.text)

    async def _answer(self, turn_context: TurnContext, place: translate.Where, user: str, text: str,
                      card: cards.Card | None = None) -> None:
        """Privately: in the 1:1 chat, or in the thread of a channel without customers (a team channel)."""
        settings = await asyncio.to_thread(self.engine.settings_of, place.workspace, place.channel)
        if place.is_channel and settings is not None:
            try:
                await self.bot.delivery.to_person(place.workspace, user, lambda m: card or cards.message(m), text)
            except Exception as error:  # noqa: BLE001 - the person has no chat with the bot yet; never answer in public
                log.warning("could not answer a command privately: %s", type(error).__name__)
            return
        markup = to_teams(text, lambda _: None, lambda _: "the support channel")
        await turn_context.send_activity(Activity(type=ActivityTypes.message,
                                                  attachments=[cards.attachment(card or cards.message(markup))]))

    async def _settings_form(self, turn_context: TurnContext, place: translate.Where, user: str) -> None:
        """The form for this support channel or, asked in a chat, for the first support channel this person leads."""
        led = [c.id for c in self.engine.ctx.config.channels if c.role_of(user) in (Role.LEAD, Role.MANAGER)]
        channel = place.channel if self.engine.ctx.config.channel(place.channel) or not led else led[0]
        settings = await asyncio.to_thread(self.engine.settings_of, place.workspace, channel)
        renderer = self.engine.ctx.renderer
        if settings is None:
            await self._answer(turn_context, place, user, renderer.render("not_a_support_channel.j2"))
            return
        labels = renderer.captions("settings_labels.j2")
        title = to_teams(f"*{labels['title']}*", lambda _: None, lambda _: "")
        fields = [(key, labels[key], text_value(settings, key)) for key in FIELDS]
        card = cards.settings_form(fields, settings.id, title, labels["submit"])
        await self._answer(turn_context, place, user, labels["title"], card)

    async def _submitted(self, turn_context: TurnContext, place: translate.Where, value: dict[str, Any]) -> None:
        """A card button: feedback, mute, a ticket action, or the settings form."""
        verb = str(value.get(cards.SUBMIT))
        user = translate.person(turn_context.activity)
        renderer = self.engine.ctx.renderer
        if verb in ("helpful", "unhelpful") and str(value.get("nudge", "")).isdigit():
            helpful = verb == "helpful"
            await asyncio.to_thread(self.engine.feedback, place.workspace, int(value["nudge"]), user, helpful)
            await self._answer(turn_context, place, user, renderer.render("feedback_thanks.j2", helpful=helpful))
        elif verb in _SUBMIT_COMMANDS:
            command = _SUBMIT_COMMANDS[verb].format(ticket=value.get("ticket", ""), principle=value.get("principle", ""))
            await self._command(turn_context, place, command)
        elif verb == "settings":
            channel = str(value.get("channel", ""))
            problems = await asyncio.to_thread(self.engine.change_settings, place.workspace, channel, user, False,
                                               from_text(value))
            text = renderer.render("settings_saved.j2", problems=sorted(problems.items()))
            await self._answer(turn_context, place, user, text)
