"""A list of regex alternatives searched fast.

Each alternative is indexed by words it cannot match without, derived from its parsed pattern with
`\\b` semantics (so a keyword is a whole `\\w+` token of the text). A message is tokenised once; a set
intersection picks the few alternatives worth running. Alternatives with no such word fall back to a
substring gate, or run always.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as P  # type: ignore[attr-defined]

_MIN_GATE = 3
_TOKEN = re.compile(r"\w+")
#: Words too common to narrow anything down; a keyword among them is used only when nothing better exists.
COMMON = frozenset(
    "a an and are as at be but by can could do for from have i if in is it me my not of on or our so "
    "that the this to we what will with would you your".split()
)
_BOUNDARIES = {C.AT_BOUNDARY, C.AT_BEGINNING, C.AT_BEGINNING_STRING, C.AT_END, C.AT_END_STRING}


@dataclass(frozen=True)
class Run:
    """A literal every match contains, and whether `\\b` (or an anchor) holds at each end."""

    text: str
    left: bool
    right: bool

    def keyword(self) -> str | None:
        """The most telling whole word of the run (rare before common, then longest), as `\\w+`
        would tokenise the text around it."""
        best = None
        for token in _TOKEN.finditer(self.text):
            whole = (token.start() > 0 or self.left) and (token.end() < len(self.text) or self.right)
            word = token.group()
            if whole and (best is None or (word not in COMMON, len(word)) > (best not in COMMON, len(best))):
                best = word
        return best


def _is_boundary(item: tuple[object, object] | None) -> bool:
    """True when a word boundary must hold beside this item: an anchor, a non-word literal, or whitespace."""
    if item is None:
        return False
    op, arg = item
    if op is C.AT:
        return arg in _BOUNDARIES
    if op is C.LITERAL:
        char = chr(arg)  # type: ignore[arg-type]
        return not (char.isalnum() or char == "_")
    if op is C.IN:
        return arg == [(C.CATEGORY, C.CATEGORY_SPACE)]
    if op in (C.MAX_REPEAT, C.MIN_REPEAT) and arg[0] >= 1 and len(arg[2]) == 1:  # type: ignore[index]
        return _is_boundary(arg[2][0])  # type: ignore[index]
    return False


def _optional(item: tuple[object, object]) -> bool:
    op, arg = item
    return op in (C.MAX_REPEAT, C.MIN_REPEAT) and arg[0] == 0  # type: ignore[index]


def _edge_is_boundary(item: tuple[object, object], last: bool) -> bool:
    """Does every way of matching this (optional) item begin (or end, when `last`) with a non-word char?"""
    op, arg = item
    if op in (C.MAX_REPEAT, C.MIN_REPEAT):
        body = list(arg[2])  # type: ignore[index]
        return bool(body) and _edge_is_boundary(body[-1 if last else 0], last)
    if op is C.SUBPATTERN:
        body = list(arg[-1])  # type: ignore[index]
        return bool(body) and _edge_is_boundary(body[-1 if last else 0], last)
    if op is C.BRANCH:
        return all(bool(b) and _edge_is_boundary(list(b)[-1 if last else 0], last) for b in arg[1])  # type: ignore[index]
    return _is_boundary(item) and op is not C.AT


def _required(items: list[tuple[object, object]], left: bool = False, right: bool = False,
              found: list[list[Run]] | None = None) -> list[Run] | None:
    """Runs of which a match must contain at least one: the best mandatory literal, or an any-of set.
    `left` / `right` say whether a word boundary holds just outside these items; every mandatory
    group considered is also appended to `found`."""
    best: list[Run] | None = None

    def score(runs: list[Run]) -> tuple[int, int, int]:
        keywords = [r.keyword() for r in runs]
        return (int(all(keywords)), int(all(k not in COMMON for k in keywords if k)), min(len(r.text) for r in runs))

    def consider(candidate: list[Run] | None) -> None:
        nonlocal best
        if candidate and (min(len(r.text) for r in candidate) >= _MIN_GATE
                          or (all(r.keyword() for r in candidate) and min(len(r.text) for r in candidate) >= 2)):
            if found is not None:
                found.append(candidate)
            if best is None or score(candidate) > score(best):
                best = candidate

    def bounded_before(index: int) -> bool:
        j = index - 1
        while j >= 0 and _optional(items[j]):
            if not _edge_is_boundary(items[j], last=True):
                return False
            j -= 1
        return left if j < 0 else _is_boundary(items[j])

    def bounded_after(index: int) -> bool:
        j = index + 1
        while j < len(items) and _optional(items[j]):
            if not _edge_is_boundary(items[j], last=False):
                return False
            j += 1
        return right if j >= len(items) else _is_boundary(items[j])

    start = 0
    current = ""
    for index, (op, arg) in enumerate(items):
        if op is C.LITERAL:
            if not current:
                start = index
            current += chr(arg)  # type: ignore[arg-type]
            if index == len(items) - 1:
                consider([Run(current, bounded_before(start), right)])
            continue
        if current:
            consider([Run(current, bounded_before(start), _is_boundary((op, arg)))])
            current = ""
        if op is C.AT:
            continue
        outer = (bounded_before(index), bounded_after(index))
        if op is C.SUBPATTERN:
            consider(_required(list(arg[-1]), *outer))  # type: ignore[index]
        elif op is C.BRANCH:
            options = [_required(list(branch), *outer) for branch in arg[1]]  # type: ignore[index]
            if all(options):
                consider([run for option in options for run in option])  # type: ignore[union-attr]
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT) and arg[0] >= 1:  # type: ignore[index]
            consider(_required(list(arg[2]), outer[0], outer[1] and arg[1] == 1))  # type: ignore[index]
    return best


def _keywords(runs: list[Run]) -> frozenset[str]:
    words = [r.keyword() for r in runs]
    return frozenset(words) if all(words) else frozenset()  # type: ignore[arg-type]


def gate_for(pattern: str) -> tuple[tuple[str, ...], frozenset[str], tuple[frozenset[str], ...]]:
    """(substrings, keywords, also): a match contains one of the substrings; one of the keywords as a
    whole word when keywords are known; and one word of each `also` set. Empty when nothing is certain."""
    found: list[list[Run]] = []
    try:
        runs = _required(list(P.parse(pattern)), found=found)
    except Exception:  # an unparseable pattern simply runs ungated
        return (), frozenset(), ()
    if not runs:
        return (), frozenset(), ()
    keywords = _keywords(runs)
    also = tuple(dict.fromkeys(k for k in map(_keywords, found) if k and k != keywords))
    return tuple(sorted({r.text for r in runs})), keywords, also


def words_of(text: str) -> frozenset[str]:
    """The `\\w+` tokens of a text, for `Rules.search(..., words=...)`."""
    return frozenset(_TOKEN.findall(text))


class Rules:
    """Behaves like one compiled alternation (`search`), running only alternatives that could match."""

    def __init__(self, patterns: list[str]) -> None:
        self.by_keyword: dict[str, list[tuple[tuple[frozenset[str], ...], re.Pattern[str]]]] = {}
        self.by_literal: list[tuple[tuple[str, ...], re.Pattern[str]]] = []
        self.always: list[re.Pattern[str]] = []
        for pattern in patterns:
            literals, keywords, also = gate_for(pattern)
            compiled = re.compile(pattern)
            if keywords:
                for keyword in keywords:
                    self.by_keyword.setdefault(keyword, []).append((also, compiled))
            elif literals:
                self.by_literal.append((literals, compiled))
            else:
                self.always.append(compiled)
        self.keywords = frozenset(self.by_keyword)

    def possible(self, text: str, words: frozenset[str] | None = None) -> bool:
        """Could any alternative match in `text`? (A cheap check before per-sentence loops.)"""
        if self.always or not self.keywords.isdisjoint(words_of(text) if words is None else words):
            return True
        return any(literal in text for literals, _ in self.by_literal for literal in literals)

    def search(self, text: str, words: frozenset[str] | None = None) -> re.Match[str] | None:
        """`words` may be the tokens of a larger text containing this one (a superset only widens the net)."""
        present = words_of(text) if words is None else words
        for keyword in self.keywords.intersection(present):
            for also, pattern in self.by_keyword[keyword]:
                for needed in also:
                    if needed.isdisjoint(present):
                        break
                else:
                    match = pattern.search(text)
                    if match is not None:
                        return match
        for literals, pattern in self.by_literal:
            for literal in literals:
                if literal in text:
                    match = pattern.search(text)
                    if match is not None:
                        return match
                    break
        for pattern in self.always:
            match = pattern.search(text)
            if match is not None:
                return match
        return None
