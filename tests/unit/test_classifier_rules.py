"""Classifier rules on sentences written for the tests (not the dev set): each case names the rule it pins."""
from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.calendar import BusinessCalendar
from bot.core.classifier import classify
from bot.core.classifier.labels import AGENT_LABELS, CUSTOMER_LABELS

AT = datetime.fromisoformat("2026-03-03T10:00:00-06:00")  # a Tuesday morning in Chicago
NUDGING = {"flat_refusal", "passing_the_buck", "vague_promise", "disrespect", "complaint", "urgent"}

NEUTRAL_AGENT = [
    "You'll need to clear your cache and log in again.",  # a step the customer does
    "You should have received a confirmation email at 10:02.",  # 'should have received' is not blame
    "I can't wait for you to try the new export!",  # idiom, not a refusal
    "No, you don't need a new licence for that.",
    "The maintenance window is 02:00-04:00 UTC tonight, nothing to do on your side.",  # not the agent's follow-up
    "Your refund will reach your bank in 5-7 business days.",  # delivery estimate
    "I called you at 3pm but it went to voicemail.",  # past tense
    "Could you send the logs by 4pm so we can review them?",  # asking the customer for something by a time
    "Thanks for your patience! The sync is running again.",
    "Sorry, could you share the request ID?",  # a question, not an apology or refusal
    "Let me know if you have any other questions :wave: — Sam",  # sign-off
    "Hey <@U123>, the link is <https://x.com|here>.",
    "I can't see any errors on our side, can you try again?",
    "> you can't even export anything\nYou can! Use Export → CSV.",  # quoted customer words do not count
    "one sec, pulling up your account now",
    "Want me to send you an update tomorrow at 10?",  # an offer, not a commitment
]


@pytest.mark.parametrize("text", NEUTRAL_AGENT)
def test_neutral_agent_messages_get_no_nudging_label(text: str, chicago: BusinessCalendar) -> None:
    assert not NUDGING & set(classify(text, "agent", AT, chicago).labels)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("We're not able to reopen closed invoices.", "flat_refusal"),
        ("Unfortunately that isn't something we offer.", "flat_refusal"),
        ("We won't be able to extend the trial.", "flat_refusal"),
        ("We can't refund that, but I can give you a credit instead.", "offers_options"),
        ("You'll want to reach out to your account manager for that.", "passing_the_buck"),
        ("That's really a question for your IT admin.", "passing_the_buck"),
        ("I'll circle back once I hear from the team.", "vague_promise"),
        ("Will keep you posted!", "vague_promise"),
        ("As I mentioned twice already, the key is in settings.", "disrespect"),
        ("Please calm down, it's a minor delay.", "disrespect"),
        ("I can imagine how stressful this is right before launch.", "empathy"),
        ("I'll handle the refund myself.", "takes_ownership"),
        ("Apologies for the mix-up with your invoice.", "apology"),
    ],
)
def test_agent_rules(text: str, label: str, chicago: BusinessCalendar) -> None:
    assert label in classify(text, "agent", AT, chicago).labels


def test_refuse_and_redirect_is_passing_the_buck_only(chicago: BusinessCalendar) -> None:
    labels = classify("We can't do refunds here, you'd need to contact finance.", "agent", AT, chicago).labels
    assert "passing_the_buck" in labels and "flat_refusal" not in labels


def test_owned_handoff_is_not_passing_the_buck(chicago: BusinessCalendar) -> None:
    labels = classify("I've asked billing to refund you and I'll confirm once it lands.", "agent", AT, chicago).labels
    assert "passing_the_buck" not in labels and "vague_promise" in labels


def test_nothing_to_apologise_for_is_not_an_apology(chicago: BusinessCalendar) -> None:
    assert "apology" not in classify("Nothing to apologise for! It works now.", "agent", AT, chicago).labels


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("great, the export failed again. love it", "complaint"),  # sarcasm without negative words
        ("This is the second time I've had to ask.", "complaint"),
        ("Still no reply after 3 days?", "complaint"),
        ("Checkout is down for all our customers!", "urgent"),
        ("Need this before our 2pm board meeting", "urgent"),
        ("Can someone reply by EOD? our auditors are waiting.", "urgent"),
    ],
)
def test_customer_rules(text: str, label: str, chicago: BusinessCalendar) -> None:
    assert label in classify(text, "customer", AT, chicago).labels


@pytest.mark.parametrize(
    "text",
    [
        "Not complaining, just wondering why the bill changed",
        "no rush on this one",
        "my boss says it's 'urgent' but honestly it can wait",
        "I still can't figure out where the API key setting is, can you point me?",
        "The dashboard looks great, thanks for the new charts",
    ],
)
def test_neutral_customer_messages(text: str, chicago: BusinessCalendar) -> None:
    assert classify(text, "customer", AT, chicago).labels == ()


@pytest.mark.parametrize(
    "text",
    [
        "Hola, necesito ayuda con mi factura por favor, no puedo pagar",
        "Bonjour, je n'arrive pas à me connecter depuis ce matin, c'est urgent",
        "Der Export funktioniert nicht, bitte helfen Sie mir noch heute",
        "至急対応お願いします。本番環境が停止しています",
    ],
)
def test_other_languages_get_no_labels(text: str, chicago: BusinessCalendar) -> None:
    assert classify(text, "customer", AT, chicago).labels == ()
    assert classify(text, "agent", AT, chicago).labels == ()


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300), role=st.sampled_from(["agent", "customer"]))
def test_any_text_classifies_without_error(text: str, role: str) -> None:
    calendar = BusinessCalendar.from_settings("Europe/Berlin", "Mon-Fri 09:00-17:00")
    result = classify(text, role, AT, calendar)
    allowed = set(AGENT_LABELS if role == "agent" else CUSTOMER_LABELS)
    assert set(result.labels) <= allowed
    assert (result.due_at is not None) == ("promise_with_time" in result.labels)
    if result.due_at is not None:
        assert result.due_at > AT


@settings(max_examples=200, deadline=None)
@given(
    prefix=st.sampled_from(["", "Hi! ", "Thanks for waiting. ", "<@U0AGENT> "]),
    suffix=st.sampled_from(["", " :+1:", " — Sam", " <https://status.example.com|status>", " ^JK"]),
)
def test_greetings_signoffs_and_links_do_not_change_labels(prefix: str, suffix: str) -> None:
    calendar = BusinessCalendar.from_settings("America/Chicago", "Mon-Fri 09:00-17:00")
    base = "I'll look into it and get back to you."
    assert classify(prefix + base + suffix, "agent", AT, calendar).labels == ("vague_promise",)


@pytest.mark.parametrize(
    "text",
    [
        "What part of the invoice looks different from what you expected?",  # a real question, not a put-down
        "Pls send us your account email and we'll follow up there.",  # follow-up that waits on the customer
        "Please DM us your order number & we'll reach out right away!",
        "Please contact us via the form and we'll be in touch.",
    ],
)
def test_questions_and_follow_ups_waiting_on_the_customer_are_not_coached(text: str, chicago: BusinessCalendar) -> None:
    assert not NUDGING & set(classify(text, "agent", AT, chicago).labels)
