"""Rules for what customers write: dissatisfaction (complaint) and time pressure or impact (urgent)."""
from __future__ import annotations

import re

from bot.core.classifier import labels as L
from bot.core.classifier.rules import Rules
from bot.core.classifier.text import Prepared


def _any(patterns: list[str]) -> Rules:
    return Rules(patterns)


COMPLAINT = _any([
    r"\b(?:so much |even |way |much )?worse\b", r"\bworst\b", r"\bterrible\b", r"\bawful\b", r"\bhorrible\b",
    r"\buseless\b", r"\bunacceptable\b", r"\bridiculous\b", r"\bludicrous\b", r"\bpathetic\b", r"\babsurd\b",
    r"\bdisappoint(?:ed|ing)\b", r"\bfrustrat(?:ed|ing)\b", r"\bannoy(?:ed|ing)\b", r"\bfed up\b",
    r"\b(?:sick|tired) of\b", r"\bgetting (?:really |so |pretty )?(?:tired|sick)\b", r"\bnot (?:happy|impressed|ok(?:ay)?|acceptable|good enough)\b",
    r"\bunhappy\b", r"\bnot (?:great|ideal|helpful|good)\b", r"\b(?:doesn't|does not|didn't|isn't) (?:really )?help(?:ful|ing)?\b",
    r"\bpoor\b", r"\brubbish\b", r"\bgarbage\b", r"\bsucks\b", r"\bjoke\b", r"\bwaste of\b", r"\bfed up\b",
    r"\b(?:second|third|fourth|fifth|\d+(?:nd|rd|th)|another|nth) (?:time|outage|failure|incident)\b", r"\b(?:twice|three times|again and again) (?:this|in a|now)\b",
    r"\bkeeps? (?:happening|failing|breaking|crashing|dropping|going down|disconnecting)\b", r"\bthis keeps\b",
    r"\b(?:why is|why has|why does|why do) (?:nobody|no one|no-one)\b", r"\b(?:nobody|no one|no-one) (?:has |have )?(?:replied|answered|responded|fixed|helped|got back|gets back|is answering|is replying)\b",
    r"\bwhy does it take\b", r"\bstill (?:no|nothing|waiting|broken|down|getting|failing|haven't|hasn't|not (?:fixed|working|resolved|sorted))\b", r"\bbeen waiting\b",
    r"\bnever (?:happened|showed|arrived|came|got|fixed|turned up|received|heard back)\b",
    r"\bwe were (?:promised|told)\b", r"\bout of date\b", r"\bseriously\?", r"\bcome on\b", r"\bwtf\b", r"\bugh\b", r"\bmeh\b",
    r"\b(?:the|your|last week's|this|that) ['\"]\w+['\"]", r"\bbroke (?:our|my|the|everything)\b",
    r"\bon fire\b", r"\bnot cool\b", r"\bcharged\b[^.!?]{0,50}\beven (?:though|tho|after|if)\b", r"\bdouble (?:billed|charged)\b",
    r"\bovercharg\w+\b", r"\bexplained this\b[^.!?]{0,40}\b(?:times|people|already)\b", r"\bi've (?:asked|explained|told)\b[^.!?]{0,40}\b(?:times|twice|already)\b",
    r"\bthis is a (?:mess|disaster|nightmare)\b", r"\bkilling (?:us|our|me|my)\b", r"\ba real (?:answer|fix|solution|response)\b", r"\bwhat a (?:mess|joke|disaster)\b", r"\bshould(?:n't)? have to\b",
])
COMPLAINT_SHOUTED = frozenset({"again", "still", "never", "not", "unacceptable", "why", "nobody", "worst"})
COMPLAINT_EMOJI = frozenset({"angry", "rage", "unamused", "triumph", "face_with_symbols_on_mouth", "disappointed",
                             "confounded", "tired_face", "weary", "expressionless", "roll_eyes", "face_with_rolling_eyes"})
SARCASM = re.compile(r"^(?:oh )?(?:great|perfect|awesome|fantastic|wonderful|brilliant|lovely|nice)\b[^.!?]{0,60}\b(?:again|time|another|still)\b|\blove (?:it|that)\b|\bthanks a lot\b|\bjust (?:great|perfect|what i needed)\b")
RECURRING = re.compile(r"\b(?:again|another|(?:second|third|fourth|\d+(?:nd|rd|th)) time|still|every (?:day|week|time))\b")
NOT_COMPLAINT = _any([
    r"\bcan't complain\b", r"\bnot (?:complaining|upset|angry|mad|annoyed)\b", r"\bno complaints\b",
    r"\bnot a big deal\b", r"\bno big deal\b", r"\bnot (?:a|that) (?:problem|issue)\b",
])

URGENT = _any([
    r"\basap\b", r"\burgent(?:ly)?\b", r"\bemergency\b", r"\bcritical\b", r"\bp1\b", r"\bsev ?1\b", r"\bimmediately\b",
    r"\btime[- ]sensitive\b", r"\bas soon as possible\b", r"\bright away\b",
    r"\b(?:down|offline|broken|failing|stuck|waiting|locked out|blocked|outage)\b[^.!?]{0,30}\bright now\b",
    r"\b(?:production|prod|site|website|checkout|api|service|system|everything|office|internet|network|line|email|payments?|app|server|platform|dashboard)(?:'s| is| are| has been| have been| went| keeps going| is completely)? (?:down|offline|broken|not working|unreachable|returning (?:5\d\d|errors?))\b",
    r"\b(?:all|whole|entire|every|\d+) (?:of )?(?:our |the )?(?:\w+ )?(?:office|team|agents|users|staff|people|customers|employees|orders|company)\b[^.!?]{0,40}\b(?:can't|cannot|unable|offline|down|blocked|logged out|locked out|stuck)\b",
    r"\b(?:we|we're|our [\w-]+|team|staff|agents|customers|users|employees|hr|finance|payroll|nobody|no one|everyone|everybody)"
    r"(?: [\w-]+){0,2}? (?:still )?(?:can't|cannot|are unable to|unable to) (?:work|process|log ?in|sell|ship|pay|take orders|access|sync|send|receive|run|check ?out)\b",
    r"\b(?:nobody|no one|none of us)\b[^.!?]{0,30}\bcan(?:'t)? (?:get in|log ?in|sign in|work|access|use|pay|check ?out)\b",
    r"\blosing (?:money|sales|customers|revenue|orders)\b", r"\b(?:orders|payments|sales|checkouts?) (?:are |is )?(?:blocked|failing|stuck|down)\b",
    r"\babandoning\b", r"\bblocked\b", r"\bdeal (?:slips|will slip|falls through)\b", r"\bbusiest\b",
    r"\b(?:need|needs|needed|must|have to|has to|got to|gotta)\b[^.!?]{0,80}\b(?:before|by|until|in \d+|tonight|today|eod|end of (?:the )?day|close)\b",
    r"\b(?:before|by) (?:then|tonight|eod|end of (?:the )?day|noon|midnight|quarter close|close of business|\d{1,2}(?::\d\d)?\s*(?:am|pm))\b",
    r"\bin \d+ ?(?:min|mins|minutes)\b", r"\b(?:tonight|today) at\b", r"\bexpires? (?:tonight|today|in \d+)\b",
    r"\bdue (?:at|by|today|tonight|tomorrow)\b", r"\bdeadline\b", r"\bat the door\b", r"\b(?:runs|starts|goes live|launch(?:es)?) (?:at|in|tomorrow|today|tonight)\b",
    r"\bquick (?:look|one|answer|fix|reply)\b[^.!?]{0,60}\b(?:\d+ ?(?:min|am|pm)|today|now)\b", r"\bany chance of a quick\b",
])
URGENT_SHOUTED = frozenset({"now", "asap", "urgent", "down", "immediately", "help"})
URGENT_EMOJI = frozenset({"rotating_light", "sos", "fire", "warning", "bangbang"})
NOT_URGENT = _any([
    r"\bnot (?:urgent|an emergency|time[- ]sensitive|a priority|in a hurry)\b", r"\bno (?:rush|hurry|pressure|time pressure|urgency)\b",
    r"\basap isn't necessary\b", r"\b(?:can|could) wait\b", r"\bwhenever (?:you|is)\b", r"\bnothing (?:is|'s) (?:broken|down|wrong)\b",
    r"\bnot a big deal\b", r"\bno big deal\b", r"\bnext (?:week|month|quarter) is (?:fine|ok)\b", r"\bin no hurry\b",
    r"\bjust (?:curious|wondering)\b", r"\bfor our runbook\b",
])
QUOTED_WORD = re.compile(r"['\"](?:urgent|asap|critical|emergency)['\"]|\"[^\"]{1,80}\"")


def customer_labels(prepared: Prepared) -> set[str]:
    """Labels of a customer message."""
    prose, words = QUOTED_WORD.sub(" ", prepared.prose), prepared.words
    labels: set[str] = set()
    complaint = (
        COMPLAINT.search(prose, words)
        or (prepared.shouted & COMPLAINT_SHOUTED)
        or (prepared.emoji & COMPLAINT_EMOJI)
        or (SARCASM.search(prose) and RECURRING.search(prose))
    )
    if complaint and not NOT_COMPLAINT.search(prose, words):
        labels.add(L.COMPLAINT)
    urgent = URGENT.search(prose, words) or (prepared.shouted & URGENT_SHOUTED) or (prepared.emoji & URGENT_EMOJI)
    if urgent and not NOT_URGENT.search(prose, words):
        labels.add(L.URGENT)
    return labels
