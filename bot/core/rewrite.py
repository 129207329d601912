"""A better version of a reply: the writer's own sentences kept, the ones that break a principle mended.

Practice mode and reviews show it under the advice, so the principle comes with a concrete example built
from what the agent actually wrote. Rule-based and deterministic: each fix answers one label, and the
result is classified again so it never carries a label the bot would nudge about."""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from bot.core.calendar import BusinessCalendar
from bot.core.classifier import classify
from bot.core.classifier import labels as L

#: Renders one named phrase of the rewrite template with the given values (wording lives in prompts/).
Phrase = Callable[..., str]

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_LEAD_IN = re.compile(
    r"^(?:(?:as|like) (?:i|we)(?:'ve|'d| have| had)? (?:already |just |previously )*(?:said|explained|mentioned|told you|stated|noted)"
    r"(?: (?:before|earlier|above|twice(?: now)?))?|as (?:already |previously )?(?:stated|mentioned|explained|noted)"
    r"(?: (?:before|earlier|above))?|(?:i'?ve|i have) already (?:told|explained to) you|once again|again|obviously|clearly|"
    r"honestly|(?:ok(?:ay)?,? )?(?:calm down|relax|chill)|for the (?:last|third|second) time)\s*[,:;.!-]*\s*", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z0-9']+")
_CLAUSE = re.compile(r",\s+")
_DEAD_END = re.compile(r"^(?:there's |there is )?nothing (?:else )?(?:i|we) can do(?: (?:there|here|about (?:it|that|this)))?\W*$",
                       re.IGNORECASE)
_SNEER_EMOJI = re.compile(r"\s*:(?:roll_eyes|face_with_rolling_eyes|unamused|facepalm|face_palm):")
_VAGUE_TIME = re.compile(
    r"\b(?:soon|shortly|asap|as soon as (?:possible|i can|we can|i'm able|i know more|i hear back)|later(?: today| on)?|"
    r"in a (?:bit|while|little while)|at some point|when(?:ever)? (?:i|we) (?:can|get (?:a chance|time|a moment)|hear back)|"
    r"once (?:i|we) (?:know more|hear back|have (?:more|an update|news)))\b", re.IGNORECASE)
_FOLLOW_UP = re.compile(
    r"\b(?:get back to you|come back to you|let you know|keep you (?:posted|updated|in the loop)|follow up|update you|"
    r"circle back|report back|be in touch|get in touch|reach out|send (?:you )?an update|check in|"
    r"(?:ping|message|email|call|text) you|update (?:this|the) thread)\b", re.IGNORECASE)
_PARTY = re.compile(
    r"\b(?:contact|reach out to|talk to|speak (?:to|with)|ask|email|call|ping|check with|get in touch with|get|"
    r"take (?:it|this|that) up with|raise (?:it|this|that) with|go through|handled by|(?:matter|question) for|"
    r"ticket with|request with|case with)\s+((?:the|your|our)\s+)?([A-Za-z][\w-]*(?:\s+(?:team|department|desk|admin))?)",
    re.IGNORECASE)
_OWNER = re.compile(r"(?:^|,\s*|\b(?:the|our)\s+)([A-Za-z][\w-]*(?:\s+team)?)\s+(?:handles|deals with|owns|manages|looks after|takes care of)\b"
                    r"|\b(?:that's|that is|it's|this is) an? ([A-Za-z][\w-]*) (?:matter|issue|problem|question|thing)\b", re.IGNORECASE)
_YOURS = re.compile(r"\byour ([a-z][\w-]*(?:\s+(?:team|department|admin))?)", re.IGNORECASE)
_THEIRS = re.compile(r"^(?:bank|isp|carrier|provider|admin|administrator|it|developer|dev|vendor|firewall|network)\b", re.IGNORECASE)
_PRONOUN = re.compile(r"^(?:them|it|this|that|us|me|him|her|someone|somebody|they)$", re.IGNORECASE)
_TEAM_WORD = re.compile(r"\b(?:team|department|desk|admin)$", re.IGNORECASE)
_END = re.compile(r"[.!?)]$|:[a-z0-9_+-]+:$")
NUDGED = (L.FLAT_REFUSAL, L.PASSING_THE_BUCK, L.VAGUE_PROMISE, L.DISRESPECT)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text.strip()) if s.strip()]


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _labels(text: str, sent_at: datetime, calendar: BusinessCalendar) -> tuple[str, ...]:
    return classify(text, "agent", sent_at, calendar).labels


def _respectful(sentence: str, sent_at: datetime, calendar: BusinessCalendar) -> str | None:
    """The sentence without its put-down (a lead-in like 'as I said', or the clauses that blame);
    None when the put-down is all there is."""
    plain = _LEAD_IN.sub("", _SNEER_EMOJI.sub("", sentence)).strip()
    kept = [c for c in _CLAUSE.split(plain) if c and L.DISRESPECT not in _labels(c, sent_at, calendar)]
    mended = _capitalise(", ".join(kept).strip())
    if len(_WORD.findall(mended)) < 2 or L.DISRESPECT in _labels(mended, sent_at, calendar):
        return None
    return mended


def _timed(sentence: str, time_text: str, phrase: Phrase) -> str:
    """The follow-up with a time in place of 'soon', or a time added to it."""
    by = phrase("by_time", time=time_text)
    if _VAGUE_TIME.search(sentence):
        return _VAGUE_TIME.sub(by, sentence, count=1)
    match = _FOLLOW_UP.search(sentence)
    if match:
        return f"{sentence[:match.end()]} {by}{sentence[match.end():]}"
    return f"{sentence.rstrip('.!')} {by}."


def _owned(sentence: str, time_text: str, phrase: Phrase) -> str:
    """The hand-off, owned: ours to chase, or, when the other party is the customer's own, ours to guide."""
    party = _PARTY.search(sentence)
    if party and not _PRONOUN.match(party.group(2)):
        name = party.group(2)
        if (party.group(1) or "").strip().lower() == "your" or _THEIRS.search(name):
            return phrase("ownership_theirs", party=f"your {name}", time=time_text)
    else:
        owner, yours = _OWNER.search(sentence), _YOURS.search(sentence)
        if owner is None:
            return phrase("ownership_theirs", party=f"your {yours.group(1)}", time=time_text) if yours else \
                phrase("ownership_any", time=time_text)
        name = owner.group(1) or owner.group(2)
    if _PRONOUN.match(name):
        return phrase("ownership_any", time=time_text)
    if name[:1].isupper() and not sentence.startswith(name):
        return phrase("ownership", team=name, time=time_text)
    team = name.lower() if _TEAM_WORD.search(name) else f"{name.lower()} team"
    return phrase("ownership", team=f"our {team}", time=time_text)


def better_reply(text: str, sent_at: datetime, calendar: BusinessCalendar, time_text: str, phrase: Phrase, *,
                 complaint: bool = False, option: str | None = None) -> str | None:
    """The reply mended for every nudged label it carries (and an apology for a complaint that got none);
    None when there is nothing to mend. A mend can uncover another label (a redirect owned leaves its refusal
    bare), so the result is mended again until nothing is left, a few rounds at most."""
    result = _mend(text, sent_at, calendar, time_text, phrase, complaint, option)
    for _ in range(3):
        if result is None or not set(_labels(result, sent_at, calendar)) & set(NUDGED):
            break
        result = _mend(result, sent_at, calendar, time_text, phrase, False, option) or result
    return result


def _mend(text: str, sent_at: datetime, calendar: BusinessCalendar, time_text: str, phrase: Phrase,
          complaint: bool, option: str | None) -> str | None:
    labels = set(_labels(text, sent_at, calendar))
    needs = [label for label in NUDGED if label in labels]
    unapologetic = complaint and not labels & {L.APOLOGY, L.EMPATHY}
    if not needs and not unapologetic:
        return None
    out: list[str] = [phrase("opening")] if unapologetic else []
    refusal_at: int | None = None
    owned = timed = False
    for sentence in sentences(text):
        own = set(_labels(sentence, sent_at, calendar))
        mended: str | None = sentence
        if L.DISRESPECT in needs and (L.DISRESPECT in own or _SNEER_EMOJI.search(sentence)):
            mended = _respectful(sentence, sent_at, calendar)
            own = set(_labels(mended, sent_at, calendar)) if mended else set()
        if mended is None:
            continue
        if L.PASSING_THE_BUCK in needs and L.PASSING_THE_BUCK in own:
            if owned:
                continue
            mended, owned = _owned(mended, time_text, phrase), True
        elif L.VAGUE_PROMISE in needs and L.VAGUE_PROMISE in own:
            mended, timed = _timed(mended, time_text, phrase), True
        if L.FLAT_REFUSAL in needs and _DEAD_END.match(mended):
            continue
        if L.FLAT_REFUSAL in needs and L.FLAT_REFUSAL in own:
            refusal_at = len(out) + 1
        out.append(mended)
    if L.FLAT_REFUSAL in needs:
        out.insert(len(out) if refusal_at is None else refusal_at,
                   phrase("options", option=option or phrase("default_option", time=time_text)))
    if L.PASSING_THE_BUCK in needs and not owned:
        out.append(phrase("ownership_any", time=time_text))
    if L.VAGUE_PROMISE in needs and not timed:
        out = [s for s in out if L.VAGUE_PROMISE not in _labels(s, sent_at, calendar)]
        out.append(phrase("follow_up", time=time_text))
    if not out:
        out.append(phrase("fresh_start", time=time_text))
    return " ".join(_capitalise(part) if _END.search(part) else f"{_capitalise(part)}." for part in out)
