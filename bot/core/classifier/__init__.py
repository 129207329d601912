"""The message classifier: labels from shared/coaching-labels.md, and the deadline of a timed promise."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.calendar import BusinessCalendar
from bot.core.classifier.agent import agent_labels
from bot.core.classifier.customer import customer_labels
from bot.core.classifier.language import is_english
from bot.core.classifier.text import prepare


@dataclass(frozen=True)
class Classification:
    """What a message shows: label ids (sorted) and, for `promise_with_time`, the deadline."""

    labels: tuple[str, ...]
    due_at: datetime | None = None

    def has(self, label: str) -> bool:
        return label in self.labels


NOTHING = Classification(())


def classify(text: str, role: str, sent_at: datetime, calendar: BusinessCalendar) -> Classification:
    """Label a message written by staff (`role="agent"`) or a customer; other languages get no labels."""
    if not text or not text.strip():
        return NOTHING
    prepared = prepare(text)
    if not prepared.prose or not is_english(text, prepared.words):
        return NOTHING
    if role == "customer":
        return Classification(tuple(sorted(customer_labels(prepared))))
    labels, due_at = agent_labels(prepared, sent_at, calendar)
    return Classification(tuple(sorted(labels)), due_at)
