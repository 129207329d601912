"""Label ids, exactly as shared/coaching-labels.md defines them."""
from __future__ import annotations

FLAT_REFUSAL = "flat_refusal"
OFFERS_OPTIONS = "offers_options"
PASSING_THE_BUCK = "passing_the_buck"
TAKES_OWNERSHIP = "takes_ownership"
PROMISE_WITH_TIME = "promise_with_time"
VAGUE_PROMISE = "vague_promise"
DISRESPECT = "disrespect"
APOLOGY = "apology"
EMPATHY = "empathy"
COMPLAINT = "complaint"
URGENT = "urgent"

AGENT_LABELS = (
    FLAT_REFUSAL, OFFERS_OPTIONS, PASSING_THE_BUCK, TAKES_OWNERSHIP, PROMISE_WITH_TIME,
    VAGUE_PROMISE, DISRESPECT, APOLOGY, EMPATHY,
)
CUSTOMER_LABELS = (COMPLAINT, URGENT)
ALL_LABELS = AGENT_LABELS + CUSTOMER_LABELS
PRAISE_LABELS = frozenset({OFFERS_OPTIONS, TAKES_OWNERSHIP, APOLOGY, EMPATHY, PROMISE_WITH_TIME})
