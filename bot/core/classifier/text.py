"""Turn chat markup into plain prose the rules can read: the agent's own words, lowercased."""
from __future__ import annotations

import re
from dataclasses import dataclass

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
_SPACES = re.compile(r"[ \t]+")
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
_CONTRACTION_PATTERNS = [(re.compile(k), v) for k, v in _CONTRACTIONS.items()]


@dataclass(frozen=True)
class Prepared:
    """A message ready for the rules: the whole prose, its sentences, and the emoji it carried."""

    prose: str
    sentences: tuple[str, ...]
    emoji: frozenset[str]
    shouted: frozenset[str]


def prepare(text: str) -> Prepared:
    """Drop quoted lines, code, links and markup; keep words, emoji names and shouted words apart."""
    body = _QUOTE_LINE.sub(" ", text or "")
    body = _CODE_BLOCK.sub(" code ", body)
    body = _INLINE_CODE.sub(" code ", body)
    body = _LABELLED_LINK.sub(lambda m: f" {m.group(1)} ", body)
    body = _BARE_LINK.sub(" link ", body)
    body = _USER_MENTION.sub(" someone ", body)
    body = _CHANNEL_MENTION.sub(" the channel ", body)
    body = _SPECIAL_MENTION.sub(" everyone ", body)
    emoji = frozenset(_EMOJI.findall(body))
    body = _EMOJI.sub(" ", body)
    body = body.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    body = _MARKUP.sub(" ", body)
    shouted = frozenset(w.lower() for w in re.findall(r"\b[A-Z]{3,}\b", body) if w not in _ACRONYMS)
    lowered = body.lower()
    for pattern, replacement in _CONTRACTION_PATTERNS:
        lowered = pattern.sub(replacement, lowered)
    lines = [_SPACES.sub(" ", line).strip() for line in lowered.splitlines()]
    prose = " ".join(line for line in lines if line)
    sentences = tuple(s.strip(" ,") for s in _SENTENCE_END.split("\n".join(lines)) if s and s.strip(" ,"))
    return Prepared(prose=prose, sentences=sentences, emoji=emoji, shouted=shouted)


_ACRONYMS = frozenset(
    "API SSO SAML SCIM CSV JSON HTTP HTTPS URL DNS VPN ISP EOD COB ETF DPA VAT PO AP HR IT UI UX CEO CTO CFO "
    "SLA GST GSTIN PIN LOS USB LAN WAN NAT TXT CET UTC PST EST GMT AWS GCP HAR IP OK TLS SSL MFA OTP KYC "
    "CRM ERP SMS FAQ ASAP FYI BTW IMO TBH LOL".split()
)
