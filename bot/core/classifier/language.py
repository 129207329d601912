"""An English-only gate: the rules are written for English, so other languages get no labels."""
from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_ENGLISH = frozenset(
    """the a an is are was were be been to of and in for on it you i we this that with my your can not
    have has had will would should could please thanks thank hi hello hey our me what how why when so but
    if do does did from at just by get got any yes there they all now here need help issue still sorry
    can't don't i'm it's we're you're i'll we'll let know working work account again today tomorrow""".split()
)
_OTHER = frozenset(
    """und ist nicht ich das der wir sie mit für bitte danke noch auf eine kann haben sind auch wie
    el los las que por para con una gracias hola está pero muy también tengo tiene necesito ayuda
    le les et est pas je nous vous pour avec merci bonjour ce sur dans très mais aussi avez besoin
    não obrigado você com uma isso está ajuda preciso também
    il che è per sono grazie ciao anche della questo
    het een niet ik wij jullie dank alsjeblieft ook maar""".split()
)


def _latin_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 1.0
    latin = sum(1 for c in letters if "LATIN" in unicodedata.name(c, ""))
    return latin / len(letters)


def is_english(text: str) -> bool:
    """True unless the text is clearly in another language (short or mixed text counts as English)."""
    if _latin_share(text) < 0.5:
        return False
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < 3:
        return True
    english = sum(1 for w in words if w in _ENGLISH)
    other = sum(1 for w in words if w in _OTHER)
    return not (other >= 2 and other > english)
