"""An English-only gate: the rules are written for English, so other languages get no labels."""
from __future__ import annotations

import re

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


_LETTER = re.compile(r"[^\W\d_]")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_\u0000-\u024f\u1e00-\u1eff\u2c60-\u2c7f\ua720-\ua7ff]")


def _latin_share(text: str) -> float:
    """Share of letters in Latin script (emoji and symbols are not letters)."""
    if text.isascii():
        return 1.0
    letters = len(_LETTER.findall(text))
    return 1.0 if not letters else 1 - len(_NON_LATIN_LETTER.findall(text)) / letters


def is_english(text: str, words: frozenset[str]) -> bool:
    """True unless the text is clearly in another language: mostly non-Latin letters, or at least two
    function words of another language outnumbering the English ones. Short or mixed text counts as English."""
    if _latin_share(text) < 0.5:
        return False
    other = len(words & _OTHER)
    return other < 2 or other <= len(words & _ENGLISH)
