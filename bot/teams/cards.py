"""Adaptive Cards for Teams. Buttons are `Action.Submit`: their data comes back as a message activity with
`value`, which avoids botbuilder 4.17's invoke bug (every `Action.Execute` answered with a 500)."""
from __future__ import annotations

from typing import Any

from botbuilder.core import CardFactory
from botbuilder.schema import Attachment

from bot.teams.markup import Markup

Card = dict[str, Any]
#: The marker in every Submit's data, so a card click is never mistaken for typed text.
SUBMIT = "coachbot"
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"


def _card(body: list[Card], actions: list[Card], mentions: list[dict[str, Any]]) -> Card:
    card: Card = {"type": "AdaptiveCard", "$schema": SCHEMA, "version": "1.4", "body": body}
    if actions:
        card["actions"] = actions
    if mentions:
        card["msteams"] = {"entities": mentions}
    return card


def _text(markup: Markup) -> Card:
    return {"type": "TextBlock", "text": markup.text[:20000], "wrap": True}


def _submit(title: str, **data: object) -> Card:
    return {"type": "Action.Submit", "title": title, "data": {SUBMIT: data.pop("verb"), **data}}


def attachment(card: Card) -> Attachment:
    return CardFactory.adaptive_card(card)


def message(markup: Markup) -> Card:
    """Plain news: a tip, a notice, a command's answer."""
    return _card([_text(markup)], [], markup.mentions)


def nudge(markup: Markup, nudge_id: int | None, principle: str | None, labels: dict[str, str]) -> Card:
    """The private coaching note with Helpful / Not helpful / Mute this tip."""
    actions = []
    if nudge_id is not None:
        actions += [_submit(labels["helpful"], verb="helpful", nudge=nudge_id),
                    _submit(labels["unhelpful"], verb="unhelpful", nudge=nudge_id)]
    if principle:
        actions.append(_submit(labels["mute"], verb="mute", principle=principle))
    return _card([_text(markup)], actions, markup.mentions)


def reminder(markup: Markup, numbers: list[int], links: dict[int, str], labels: dict[str, str]) -> Card:
    """A reminder (or digest) in the team channel: links to the threads, and buttons for a single ticket."""
    actions: list[Card] = [{"type": "Action.OpenUrl", "title": f"{labels['open']} #{n}", "url": links[n]}
                           for n in numbers if n in links][:4]
    if len(numbers) == 1:
        actions = [_submit(labels["take"], verb="own", ticket=numbers[0]),
                   _submit(labels["snooze"], verb="snooze", ticket=numbers[0]),
                   _submit(labels["resolve"], verb="resolve", ticket=numbers[0])] + actions
    return _card([_text(markup)], actions, markup.mentions)


def settings_form(fields: list[tuple[str, str, str]], channel: str, title: Markup, submit: str) -> Card:
    """The `settings` form: one text input per setting (key, label, current value), sent back on Save."""
    body: list[Card] = [_text(title)]
    for key, label, value in fields:
        body.append({"type": "Input.Text", "id": key, "label": label, "value": value, "isMultiline": False})
    return _card(body, [_submit(submit, verb="settings", channel=channel)], title.mentions)
