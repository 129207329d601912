"""Ticket vocabulary: states, what is not worth a ticket, and how people name tickets and reactions."""
from __future__ import annotations

import enum
import re
from datetime import datetime


class TicketState(str, enum.Enum):
    WAITING_FIRST_RESPONSE = "waiting for first response"
    ACKNOWLEDGED = "acknowledged"
    OWNED = "owned"
    WAITING_ON_CUSTOMER = "waiting on customer"
    RESOLVED = "resolved"
    DISMISSED = "not a ticket"


def ticket_state(
    status: str, owner: str | None, first_response_at: datetime | None, acknowledged_at: datetime | None, awaiting: str
) -> TicketState:
    """Derive the state from stored facts, so it can never disagree with them."""
    if status == "resolved":
        return TicketState.RESOLVED
    if status == "dismissed":
        return TicketState.DISMISSED
    if first_response_at is not None and awaiting == "customer":
        return TicketState.WAITING_ON_CUSTOMER
    if owner:
        return TicketState.OWNED
    if first_response_at is not None or acknowledged_at is not None:
        return TicketState.ACKNOWLEDGED
    return TicketState.WAITING_FIRST_RESPONSE


_PLEASANTRY_WORDS = frozenset(
    """hi hello hey hiya yo morning good afternoon evening thanks thank you thx ty cheers ok okay k kk
    great perfect awesome cool nice sounds good got it will do noted sure yes yep yup no nope np
    worries bye see ya later all appreciated much so a lot again the team everyone folks guys lol
    haha wonderful brilliant excellent amazing super lovely fab fantastic works now that did it
    trick fixed sorted""".split()
)
_WORD = re.compile(r"[a-z']+")
_EMOJI_OR_MARKUP = re.compile(r":[a-z0-9_+\-]+:|<[^>]+>|[^\w\s']")


def is_pleasantry(text: str) -> bool:
    """Short greetings and thanks ("thanks!", "hi", "ok 👍") that should not open a ticket."""
    cleaned = _EMOJI_OR_MARKUP.sub(" ", (text or "").lower())
    words = _WORD.findall(cleaned)
    if not words:
        return True
    return len(words) <= 6 and all(w.strip("'") in _PLEASANTRY_WORDS for w in words)


_TICKET_REF = re.compile(r"^#?(\d{1,9})$")


def parse_ticket_number(token: str) -> int | None:
    """`#42` or `42` -> 42."""
    match = _TICKET_REF.match(token.strip())
    return int(match.group(1)) if match else None


def normalise_reaction(name: str) -> str:
    """`:raised_hand::skin-tone-3:` -> `raised_hand`."""
    return name.strip().strip(":").split("::", 1)[0].strip(":").lower()


#: Reaction name -> what it does to a ticket. Platforms may configure other names.
DEFAULT_REACTIONS = {"eyes": "acknowledge", "raised_hand": "claim", "white_check_mark": "resolve"}
