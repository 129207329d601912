"""The keyword index behind the classifier's rule sets must never change an answer: for any text,
`Rules.search` finds a match exactly when the plain alternation of its patterns does."""
from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.classifier import agent, customer
from bot.core.classifier.rules import Rules, gate_for, words_of
from bot.core.classifier.text import prepare
from tests.conftest import shared_dir

RULE_SETS = {f"{m.__name__}.{n}": getattr(m, n) for m in (agent, customer) for n in dir(m)
             if isinstance(getattr(m, n), Rules)}
SOURCES = {name: "|".join(f"(?:{p.pattern})" for p in
                          [c for _, c in rules.by_literal] + rules.always
                          + [c for entries in rules.by_keyword.values() for _, c in entries])
           for name, rules in RULE_SETS.items()}
NAIVE = {name: re.compile(source) for name, source in SOURCES.items()}
VOCABULARY = sorted({piece for rules in RULE_SETS.values() for pattern in
                     [c.pattern for _, c in rules.by_literal] + [c.pattern for entries in rules.by_keyword.values() for _, c in entries]
                     for piece in gate_for(pattern)[0]} | {"you", "i", "we", "can't", "'ve", "the", "it's", "not", "?", ".", ",", "!", "2pm", "by"})


def _agree(text: str) -> None:
    words = words_of(text)
    for name, rules in RULE_SETS.items():
        assert bool(rules.search(text, words)) == bool(NAIVE[name].search(text)), (name, text)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=12), st.sampled_from([" ", "", " ", "'", "-"]))
def test_index_agrees_with_plain_alternation_on_generated_text(pieces: list[str], glue: str) -> None:
    _agree(glue.join(pieces).lower())


@pytest.mark.skipif(not (shared_dir() / "data" / "coaching-dev.jsonl").exists(), reason="no shared dev set")
def test_index_agrees_on_the_dev_set_prose_and_sentences() -> None:
    for line in (shared_dir() / "data" / "coaching-dev.jsonl").read_text().splitlines():
        prepared = prepare(json.loads(line)["text"])
        for text in (prepared.prose, *prepared.sentences):
            _agree(text)


def test_keywords_respect_word_boundaries() -> None:
    literals, keywords, also = gate_for(r"\byou (?:should|could)(?:'ve| have)? (?:\w+ )?(?:read|checked)\b")
    assert keywords == {"read", "checked"} and frozenset({"should", "could"}) in also
    assert gate_for(r"\bfrustrat\w*")[1] == frozenset()  # a word prefix is no whole word
    assert gate_for(r"(?:\w+)+")[0] == ()


REAL = shared_dir() / "data" / "real" / "support_messages.jsonl"


@pytest.mark.skipif(not REAL.exists(), reason="no shared real data")
def test_index_agrees_on_real_support_messages() -> None:
    for line in REAL.read_text(encoding="utf-8").splitlines()[:2000]:
        prepared = prepare(json.loads(line)["text"])
        for text in (prepared.prose, *prepared.sentences):
            _agree(text)
