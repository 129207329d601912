"""The catalogue and templates: enough material, in our own words, and overridable by an operator."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.core.catalogue import Catalogue
from bot.core.nudges import NUDGE_PRINCIPLES
from bot.templates import Renderer, catalogue_path, prompts_root
from tests.conftest import shared_dir
from tests.unit.engine_harness import make_harness

CATALOGUE = Catalogue.load(catalogue_path())


def test_catalogue_has_every_nudged_principle_with_enough_tips():
    assert NUDGE_PRINCIPLES <= {p.id for p in CATALOGUE.principles}
    assert all(len(p.tips) >= 3 for p in CATALOGUE.principles)
    assert len(CATALOGUE.tips) >= 60
    assert len({t.id for t in CATALOGUE.tips}) == len(CATALOGUE.tips)


def _shingles(text: str, size: int = 7) -> set[str]:
    words = re.findall(r"[a-z']+", text.lower().replace("\u2019", "'"))
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


@pytest.mark.skipif(not (shared_dir() / "seeds").exists(), reason="shared/seeds not beside the repo")
def test_no_sentence_is_copied_from_the_seed_documents():
    seeds = set().union(*(_shingles(p.read_text(encoding="utf-8", errors="replace")) for p in (shared_dir() / "seeds").iterdir()))
    ours = "\n".join(line for p in prompts_root().rglob("*") if p.is_file()
                     for line in p.read_text(encoding="utf-8").splitlines()
                     if not line.startswith("source = "))  # titles are attribution, not copied prose
    copied = _shingles(ours) & seeds
    assert not copied, sorted(copied)[:5]


def test_every_template_renders_without_python_strings(tmp_path):
    h = make_harness(tmp_path)
    root = h.post("U0CUST", "third outage this week, honestly fed up")
    h.post("U0AGENT1", "We can't refund that. I'll get back to you by 11:30", thread=root)
    h.post("U0CUST2", "How do I add a seat?")
    fired = h.run_until("2026-03-03T12:30:00-06:00")
    assert {a.kind.value for a in h.log} >= {"nudge", "escalation", "promise_reminder", "promise_missed"}
    assert all(a.text.strip() for a in fired)


def test_an_operator_folder_overrides_templates_and_catalogue(tmp_path):
    folder = tmp_path / "prompts"
    (folder / "templates").mkdir(parents=True)
    (folder / "templates" / "tip_reply.j2").write_text("OVERRIDDEN {{ tip.id }}")
    text = (prompts_root() / "catalogue.toml").read_text().replace('name = "Create options"', 'name = "Offer a way forward"')
    (folder / "catalogue.toml").write_text(text)
    assert Catalogue.load(catalogue_path(folder)).get("create_options").name == "Offer a way forward"
    renderer = Renderer(folder)
    tip = CATALOGUE.tips[0]
    assert renderer.render("tip_reply.j2", tip=tip, principle=None) == f"OVERRIDDEN {tip.id}"
    assert "Ticket #7" in renderer.render("first_response_reminder.j2", mentions="", number=7, channel="C1",
                                          waited=300, urgent=False)


def test_user_text_echoed_back_is_escaped():
    rendered = Renderer().render("command_refused.j2", reason="bad_duration", value="<@U123> & <!here>")
    assert "<@U123>" not in rendered and "&lt;@U123&gt; &amp; &lt;!here&gt;" in rendered


def test_no_user_facing_sentences_live_in_python():
    """Templates hold the wording; Python may only hold ids, keys and log messages."""
    offenders = []
    for path in Path("bot").rglob("*.py"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"(?:text|reply)\s*=\s*f?\"[A-Z][a-z]+ [a-z]+ [a-z]+", line):
                offenders.append(f"{path}:{number}")
    assert offenders == []
