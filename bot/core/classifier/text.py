"""Turn chat markup into plain prose the rules can read: the agent's own words, lowercased."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from bot.core.classifier.rules import words_of

_QUOTE_LINE = re.compile(r"^\s*(>|&gt;).*$", re.MULTILINE)
_CODE_BLOCK = re.compile(r"```.*?```", re.DOTALL)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_LABELLED_LINK = re.compile(r"<(?:https?|mailto|tel):[^|>]*\|([^>]*)>")
_BARE_LINK = re.compile(r"<(?:https?|mailto|tel):[^>]*>|https?://\S+")
_USER_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
_CHANNEL_MENTION = re.compile(r"<#[A-Z0-9]+(?:\|([^>]*))?>")
_SPECIAL_MENTION = re.compile(r"<!(here|channel|everyone)[^>]*>")
_EMOJI = re.compile(r":([a-z0-9_+\-]+):")
_MARKUP = re.compile(r"(?<!\w)[*_~]+|[*_~]+(?!\w)")
_SHOUT = re.compile(r"\b[A-Z]{3,}\b")
_HAS_CAPS = re.compile(r"[A-Z]{3}")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+|\s+[—–]\s+|\s+-\s+")
_CONTRACTIONS = {
    r"\bcant\b": "can't", r"\bwont\b": "won't", r"\bdont\b": "don't", r"\bdoesnt\b": "doesn't",
    r"\bisnt\b": "isn't", r"\barent\b": "aren't", r"\bdidnt\b": "didn't", r"\bim\b": "i'm",
    r"\bive\b": "i've", r"\bwasnt\b": "wasn't", r"\bcouldnt\b": "couldn't", r"\bwouldnt\b": "wouldn't",
    r"\bshouldnt\b": "shouldn't", r"\bhavent\b": "haven't", r"\bthats\b": "that's", r"\byoull\b": "you'll",
    r"\bwell get\b": "we'll get", r"\bu\b": "you", r"\bur\b": "your", r"\bpls\b": "please", r"\bplz\b": "please",
    r"\btho\b": "though", r"\bthru\b": "through", r"\bcannot\b": "can't", r"\bcan not\b": "can't",
    r"\bwill not\b": "won't", r"\bdo not\b": "don't", r"\bdoes not\b": "doesn't", r"\bis not\b": "isn't",
    r"\bare not\b": "aren't", r"\bi am\b": "i'm", r"\bi will\b": "i'll", r"\bwe will\b": "we'll",
    r"\bi have\b(?! to)": "i've", r"\bwe are\b": "we're", r"\byou are\b": "you're", r"\bit is\b": "it's",
    r"\bthat is\b": "that's", r"\byou will\b": "you'll", r"\bi would\b": "i'd", r"\byou would\b": "you'd",
}
_CONTRACTION_LOOKUP = {k.replace(r"\b", "").replace("(?! to)", ""): v for k, v in _CONTRACTIONS.items()}
_CONTRACTION = re.compile(
    r"\b(?:" + "|".join(k.replace(r"\b", "") for k in sorted(_CONTRACTIONS, key=len, reverse=True)) + r")\b"
)


def _expand(match: re.Match[str]) -> str:
    return _CONTRACTION_LOOKUP[match.group(0)]


@dataclass(frozen=True)
class Prepared:
    """A message ready for the rules: the whole prose, its sentences, and the emoji it carried."""

    prose: str
    lines: tuple[str, ...] = field(repr=False)
    emoji: frozenset[str]
    shouted: frozenset[str]
    words: frozenset[str]

    @cached_property
    def sentences(self) -> tuple[str, ...]:
        """Sentences (split at end punctuation, line breaks and dashes), for rules that need one clause."""
        return tuple(filter(None, (s.strip(" ,") for s in _SENTENCE_END.split("\n".join(self.lines)))))


def prepare(text: str) -> Prepared:
    """Drop quoted lines, code, links and markup; keep words, emoji names and shouted words apart."""
    body = text or ""
    if ">" in body:
        body = _QUOTE_LINE.sub(" ", body)
    if "`" in body:
        body = _INLINE_CODE.sub(" code ", _CODE_BLOCK.sub(" code ", body))
    if "<" in body:
        body = _LABELLED_LINK.sub(lambda m: f" {m.group(1)} ", body)
        body = _BARE_LINK.sub(" link ", body)
        body = _USER_MENTION.sub(" someone ", body)
        body = _CHANNEL_MENTION.sub(" the channel ", body)
        body = _SPECIAL_MENTION.sub(" everyone ", body)
    elif "http" in body:
        body = _BARE_LINK.sub(" link ", body)
    emoji: frozenset[str] = frozenset()
    if ":" in body:
        emoji = frozenset(_EMOJI.findall(body))
        if emoji:
            body = _EMOJI.sub(" ", body)
    if not body.isascii():
        body = body.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    if "*" in body or "_" in body or "~" in body:
        body = _MARKUP.sub(" ", body)
    shouted = frozenset(w.lower() for w in _SHOUT.findall(body) if w not in _ACRONYMS) if _HAS_CAPS.search(body) else frozenset()
    lowered = _CONTRACTION.sub(_expand, body.lower())
    lines = tuple(" ".join(line.split()) for line in lowered.splitlines())
    prose = " ".join(filter(None, lines))
    return Prepared(prose=prose, lines=lines, emoji=emoji, shouted=shouted, words=words_of(prose))


_ACRONYMS = frozenset(
    "API SSO SAML SCIM CSV JSON HTTP HTTPS URL DNS VPN ISP EOD COB ETF DPA VAT PO AP HR IT UI UX CEO CTO CFO "
    "SLA GST GSTIN PIN LOS USB LAN WAN NAT TXT CET UTC PST EST GMT AWS GCP HAR IP OK TLS SSL MFA OTP KYC "
    "CRM ERP SMS FAQ ASAP FYI BTW IMO TBH LOL".split()
)
