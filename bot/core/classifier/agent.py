"""Rules for what support staff write. Each pattern encodes a rule from the labels file, not a sentence."""
from __future__ import annotations

import re
from datetime import datetime

from bot.core.calendar import BusinessCalendar
from bot.core.classifier import labels as L
from bot.core.classifier.deadlines import find_deadline
from bot.core.classifier.rules import Rules
from bot.core.classifier.text import Prepared


def _any(patterns: list[str]) -> Rules:
    return Rules(patterns)


_FEELING = (
    r"frustrat\w*|annoy\w*|stress\w*|rough|awful|terrible|horrible|the worst|a pain|maddening|exhausting|"
    r"upsetting|disappointing|worrying|scary|inconvenient|brutal|a nightmare|unacceptable|a hassle|a headache|"
    r"nerve-wracking|a lot of pressure|a lot to deal with|painful|worn out|fed up|annoyed|upset|worried|"
    r"disappointed|not ok(?:ay)?|infuriating|tiring"
)
_INTENS = r"(?:(?:really|so|very|incredibly|super|genuinely|truly|definitely|such|pretty|quite|extremely|understandably|totally)\s+)*"

APOLOGY = _any([
    r"\b(?:i'm|i am|we're|we are|i|we)\s+(?:so\s+|really\s+|very\s+|truly\s+|terribly\s+|deeply\s+)*sorry\b",
    r"^(?:so\s+|really\s+|very\s+|ah,?\s+|oh,?\s+|oops,?\s+)*sorry\b",
    r"\b(?:so|really|very|truly|terribly)\s+sorry\b",
    r"\bsorry(?:,)?\s+(?:about|for|that|we|it|this|to)\b",
    r",\s*sorry\b",
    r"\bmy (?:sincere |sincerest |deepest )?apologies\b", r"\bapologi[sz]e\b", r"\bapologies\b",
    r"\bwe regret\b", r"\bregret (?:the|any|that)\b", r"\bmy bad\b",
])
NOT_APOLOGY = _any([
    r"\b(?:nothing|no need|don't need|no reason) to apologi[sz]e\b", r"\bdon't apologi[sz]e\b", r"\bno apolog",
    r"\bsorry\b[^.!?]{0,25}\b(?:typo|i meant|meant to say|wrong (?:word|link|thread)|autocorrect)\b",
    r"^sorry\??$",
])
SORRY_QUESTION = re.compile(r"^(?:sorry|apologies)\W+(?:could|can|would|will|do|did|what|which|where|who)\b.*\?$")

EMPATHY = _any([
    rf"\b(?:that|this|it|which)(?:'s| is| sounds| must be| must have been| has been| was| seems| looks)\s+{_INTENS}(?:{_FEELING})\b",
    rf"\b(?:that|this)(?:'s| is| sounds| must be)\s+{_INTENS}(?:tough|hard|difficult|rough|stressful)\s*(?:[.!,;]|$|for you|on you|on your)",
    r"\bis the worst\b", r"\b(?:the )?worst (?:possible )?time\b",
    r"\bi (?:completely |totally |really |fully |absolutely |definitely )?(?:understand|get) (?:why|how)\b",
    rf"\bi (?:completely |totally |really |fully |absolutely )?understand\b[^.!?]{{0,60}}\b(?:{_FEELING}|urgen\w+|deadline|pressure|concern|impact)",
    r"\bi (?:completely |totally |really |fully )?understand\s*[.!,]",
    r"\b(?:totally|completely|fully|absolutely) get it\b", r"\bi get it\b", r"\bi hear you\b",
    r"\bi can (?:see|imagine|understand) (?:why|how|that|what)\b", r"\bi can only imagine\b",
    rf"\bi know (?:how|what|that's|that is|it's|this is|this has|it has|it's been)\b[^.!?]{{0,40}}(?:{_FEELING}|hard|tough|difficult)",
    r"\bi know (?:it|this|that) (?:hit|affected|hurt|set|put|ruined|derailed|caused)\b",
    rf"\byou(?:'re| are| must be| must feel| have been|'ve been| were)\s+{_INTENS}(?:frustrated|annoyed|stressed|upset|worried|worn out|fed up|tired|exhausted|disappointed|under (?:a lot of )?pressure|stuck|in a tough spot)",
    r"\b(?:sorry|sad|hate|gutted) to hear\b", r"\bthat's hard to (?:read|hear)\b",
    r"\byou shouldn't have (?:had )?to\b", r"\bnobody (?:wants|likes|should have) to\b", r"\bno one (?:wants|likes) to\b",
    r"\b(?:isn't|wasn't) ok(?:ay)?\b", r"\bno wonder\b", r"\bunderstandabl[ey]\b",
    r"\ba (?:really |very )?long time to (?:be stuck|wait|be without)\b", r"\bthat's a lot\b",
    r"\bi'?d (?:be|feel) (?:\w+ )?(?:frustrated|annoyed|upset|the same|worried)\b",
    r"\bcan't wait\b(?=[^.!?]*\b(?:payroll|launch|deadline|customers|business)\b)",
])

OWNERSHIP = _any([
    r"\bleave (?:it|this|that) with me\b", r"\bi've got (?:this|it|you)\b(?! from)",
    r"\b(?:i'll|i'm going to|let me|i can) (?:personally |myself )?(?:take care of|handle|sort out|sort|own|deal with|coordinate|chase|look after|take ownership)\b",
    r"\bi'm (?:on it|owning|taking (?:this|it|ownership|care)|tracking (?:it|this)|chasing|handling|looking after|staying on)\b",
    r"\b(?:i'm|i'll|i've|i)\b[^.!?]{0,60}\b(?:myself|personally)\b",
    r"\b(?:that's|that is|this is|it's|that was|this was) (?:on us|our (?:mistake|fault|error|bad)|my (?:mistake|fault|error))\b",
    r"\bmy (?:mistake|fault|error|bad)\b", r"\bour (?:mistake|fault|error)\b",
    r"\bi'm (?:fixing|reverting|correcting|refunding|reissuing|resolving|restoring|crediting|reversing)\b",
    r"\bi'll (?:make sure|ensure) (?:this|it|that)\b", r"\b(?:end to end|end-to-end)\b[^.!?]{0,30}\bown",
    r"\bi own (?:this|it)\b",
])

_PARTY = (
    r"billing|finance|sales|legal|hr|accounts?|network|security|identity|carrier|bank|it|hardware|vendor|"
    r"third-party|isp|microsoft|google|apple|aws|[\w-]+ team|"
    r"your (?:\w+ )?(?:admin|administrator|team|department|provider|bank|isp|manager|developer|carrier)"
)
REDIRECT = _any([
    r"\b(?:you'll|you'd|you|you will|you would|you may|you might)\s+(?:need|have|want)\s+to\s+(?:reach out to|contact|call|email|ask|talk to|speak (?:to|with)|check with|get in touch with|take (?:it|this|that) up with|go through|raise (?:it|this|that) with)\b",
    r"\b(?:you'll|you'd|you)\s+(?:need|have)\s+to\s+(?:get|have)\s+(?:your|the)\s+[\w\s]{0,20}?(?:team|admin|administrator|department|it|developer|manager|bank|provider)\b",
    r"\b(?:you'll|you'd|you)\s+(?:need|have)\s+to\s+open\s+(?:a\s+)?(?:ticket|request|case)\s+with\b",
    r"\b(?:open|raise|file|submit|log) (?:a )?(?:new )?(?:ticket|request|case) with (?:them|their|the \w+ team)\b",
    r"\b(?:best|better) to (?:check|ask|contact|talk|speak|reach out) (?:with|to)?\s*(?:your|the)\b",
    r"\b(?:maybe|try|please|just|you can|you could)\s+(?:ask|contact|email|call|ping|reach out to|check with|talk to)\s+(?:them|your (?:\w+ )?(?:team|department|vendor|provider|carrier|bank|isp|admin|developer|dev|it)|the (?:\w+ )?(?:team|department|vendor|provider|carrier|bank))\b",
    r"(?:^|[.!?]\s)(?:email|call|contact|ask) (?:them|your (?:\w+ )?(?:team|admin|bank|isp|provider|developer))\b",
    rf"\b(?:that's|that is|it's|this is) (?:a|an) (?:{_PARTY}) (?:matter|question|issue|problem|thing)\b",
    rf"\b(?:matter|question) for (?:them|the (?:{_PARTY})(?: team)?|(?:{_PARTY}))\b",
    r"\b(?:that's|that is|it's|this is) (?:a|an) [\w-]+(?: [\w-]+)? (?:issue|problem)(?:,)? not (?:ours|us|on us|our)\b",
    r"\b(?:[\w-]+ )?(?:team|department|billing|finance|sales|legal|support|they|carrier|vendor|bank)\s+(?:handles|deals with|owns|manages|takes care of|is responsible for|are responsible for|look after|looks after)\b",
    r"\b(?:is|are) handled by (?:our|the|a|another) \w+",
    r"\b(?:i'd|i would|i'll|i will|i)\s+(?:have|need)\s+to\s+(?:ask|check with|run (?:it|this|that) (?:past|by)|get approval from|speak to|talk to|clear (?:it|this|that) with)\s+(?:my|the|a)\s+(?:manager|boss|supervisor|lead|team lead|superior)\b",
    r"\b(?:your|the) (?:admin|administrator|it team|account owner|account admin|manager|developer|bank|isp|provider)s? (?:has|have|needs?|will need|must) to (?:approve|do|sort|fix|enable|handle|change|sign off)\b",
    r"\bplease (?:raise|open|submit|file|create|log) (?:a )?(?:new )?(?:ticket|request|case)\b",
    r"\bcheck with your (?:isp|provider|bank|it|admin|carrier|developer|network)\b",
])
DISOWN = _any([
    r"\bnot my (?:department|area|team|job|problem|responsibility|call)\b", r"\bnot our (?:department|area|team|job|problem|responsibility)\b",
    r"\b(?:isn't|aren't|not) (?:something|anything) (?:i|we) (?:handle|deal with|cover|look after|can help with)\b",
    r"\bnot (?:really )?the right (?:person|team|place|channel|people)\b",
    r"\bthis channel is (?:only )?for\b", r"\bwrong (?:channel|place|team|department)\b",
])

_REFUSE_VERB = (
    r"waive|refund|offer|support|provide|extend|unlock|move|change|recover|restore|issue|make|give|allow|add|"
    r"remove|raise|increase|approve|guarantee|accept|cancel|reverse|credit|exchange|honou?r|reopen|transfer|"
    r"expedite|speed up|bring forward|reschedule|override|bypass|release|lift|grant|enable|lower|reduce|match|"
    r"do that|do this|do it|help with that|undo|reinstate|replace"
)
REFUSAL = _any([
    rf"\b(?:we|i)\s+(?:can't|won't|are unable to|am unable to|'re unable to|aren't able to|'re not able to|am not able to|'m not able to|'m unable to|are not able to)\s+(?:\w+\s+){{0,2}}?(?:{_REFUSE_VERB})\b",
    rf"\b(?:we're|i'm)\s+(?:unable|not able) to\s+(?:\w+\s+){{0,2}}?(?:{_REFUSE_VERB})\b",
    r"\b(?:we|i)\s+(?:don't|doesn't)\s+(?:offer|support|provide|allow|permit|accept|do refunds|give|issue|refund|extend|make exceptions)\b",
    r"\b(?:doesn't|don't|won't)\s+(?:support|offer|allow|permit)\b",
    r"\bwe won't be (?:issuing|offering|providing|refunding|giving|making|able to|extending|waiving|changing)\b",
    r"\b(?:isn't|aren't|not)\s+(?:possible|supported|an option|allowed|permitted|doable|feasible)\b",
    r"\b(?:isn't|aren't)\s+available\b(?!\s+(?:yet|right now|at the moment|until|till|today))",
    r"\b(?:isn't|aren't)\s+something\s+(?:we|i)\s+(?:support|offer|do|can do|provide|allow)\b",
    r"\bno plans to\b", r"\bnothing (?:i|we) can do\b", r"\b(?:hard|flat|firm) no\b",
    r"\bnope,?\s+(?:we\s+|i\s+)?(?:can't|won't)\b", r"^(?:no|nope),?\s+(?:sorry|afraid|unfortunately)\b",
    rf"\bcan't be\s+(?:{_REFUSE_VERB}|done|changed|refunded|reversed|recovered|extended|undone|removed|waived|moved)\b",
    r"\b(?:isn't|is not|not) something (?:we|i) can\b", r"\bout of (?:my|our) hands\b", r"\bnot going to happen\b",
])
NOT_REFUSAL = _any([r"\bcan't wait\b", r"\bcan't (?:take credit|thank you|stress|recommend .* enough)\b"])

OPTIONS = _any([
    r"(?<!\bno )(?<!\bnot )(?<!\bany )\b(?:two|2|three|3|a few|some|couple of|other|several|a couple of)\s+(?:options|workarounds|alternatives|ways|choices)\b",
    r"(?<!\bno )(?<!n't )(?<!\bany )\b(?:a|one|another|the)\s+(?:temporary\s+)?(?:workaround|alternative|stopgap|bypass)\b",
    r"\bworkaround(?:s)?\s*:", r"\bas a (?:temporary )?(?:workaround|bypass|stopgap)\b",
    r"\b(?:i|we) can\b(?!')[^.?!]{0,120}\bor\b[^.?!]{0,120}(?:\?|which|prefer|rather|either|let me know)",
    r"\b(?:i|we) can\b(?!')[^.?!]{3,80},?\s+or\s+(?:i|we|you)?\s*(?:can\s+)?\w+",
    r"\byou can (?:either|also)\b", r"\byou (?:can|could) either\b", r"\beither\b[^.?!]{0,80}\bor\b",
    r"\bwhich (?:would you prefer|works (?:better|best)|would you rather|do you prefer|one would you|suits you|would work)\b",
    r"\blet me know which\b", r"\bwant me to\b", r"\bwould you like me to\b", r"\bhappy to (?:set up|do|arrange|try) (?:either|both|that)\b",
    r"\b(?:but|however|though)\b[^.?!]{0,40}?\b(?:i|we|you) (?:can|could)\b(?!'t| not\b)",
    r"\bbut\s+(?:here's|here is|there's|there is|you can|you could|i can|we can|we could|i could)\b(?!'t| not\b)",
    r"\bbut\s+[\w-]+\s+(?:is|are|does|do|works?)\s*(?:[.,!]|$)",
    r"\b(?:in the meantime|meanwhile|while we (?:fix|wait|work|sort)|until (?:then|it's fixed|we fix))\b[^.?!]{0,80}\b(?:i|we|you) can\b",
    r"\b(?:in the meantime|meanwhile|while we (?:fix|wait|work|sort))\b[^.?!]{0,60}\b(?:available|use|try|point|switch)\b",
    r"\bor i can\b(?!')", r"\bor we can\b(?!')", r"\bpartial (?:refund|credit|fix)\b",
])

NEXT_STEP = _any([
    r"\b(?:pass|passing|passed|share|sharing|shared|forward|forwarding|send|sending)\b[^.!?]{0,30}\bfeedback\b",
    r"\bfeedback\b[^.!?]{0,30}\b(?:noted|passed|shared|forwarded)\b", r"\bpass (?:this|it|that) (?:on|along|onto)\b",
    r"\b(?:do |kindly |please )?provide (?:us|me) (?:with )?(?:the|your)\b", r"\bhappy to help (?:via|by|with|in)\b",
    r"\b(?:select|choose|pick) (?:an)?other\b", r"\blet the (?:right|relevant) (?:team|folks|people)\b",
    r"\b(?:dm|direct message|private message) (?:us|me)\b", r"\bsend (?:us|me) (?:a )?(?:dm|direct message|message)\b",
    r"\b(?:can|could|would) you (?:send|share|confirm|tell|check|try|dm|provide|let)\b",
    r"\b(?:i'd|we'd|i would|we would) (?:suggest|recommend)\b", r"\b(?:i|we) (?:suggest|recommend)\b",
    r"\byou (?:might|may) want to\b", r"\binstead\b", r"\bwhat (?:you|we|i) can do\b", r"\byou can still\b",
    r"\b(?:we|i) (?:can|could) (?:offer|only|still)\b", r"\b(?:we|i) may only\b", r"\bonly [\w/ ]{1,30} (?:can|is|are) (?:be )?(?:made|allowed|possible|available)\b",
    r"\bcheck out (?:the )?(?:available|other)\b", r"\bthe best (?:option|alternative|way) (?:is|would be)\b",
    r"\b(?:for now|in the meantime|meanwhile)\b,?\s+(?:you can|you could|check|try|use|grab|listen|switch|head)\b",
    r"\bsign up\b[^.!?]{0,40}\b(?:notified|first to|hear|know)\b",
])

ALTERNATIVE_AFTER_REFUSAL = _any([
    r"\byou (?:can|could|may)\b(?!'t| not\b)(?! (?:also )?(?:reach|contact|call|email|check with|talk to)\b)",
    r"^while (?:we|i) (?:don't|can't|won't)\b[^.!?]*\b(?:we|i) (?:can|could)\b",
])

_FOLLOW_UP = (
    r"get back to you|get back with|get back on|come back to you|let you know|keep you (?:posted|updated|informed|in the loop)|"
    r"update you|send (?:you )?(?:an )?update|give you an update|update (?:this|the) (?:thread|ticket|channel)|"
    r"follow up|follow-up|circle back|reach out|ping you|be in touch|touch base|report back|check back|"
    r"drop you a (?:line|note|message)|revert|loop back|confirm(?:ed)?|have an (?:update|answer)|send (?:it|them|both|you|the|over)|"
    r"call you|ring you|email you|message you|post (?:an )?update|share (?:an )?update|"
    r"have (?:it|this|that|them|the \w+(?: \w+)?) (?:\w+ )?(?:done|ready|fixed|sorted|pushed|sent|finished|completed|re-?run|live|back)"
)
COMMITMENT = _any([
    rf"(?:\b(?:i'll|we'll|i'm going to|we're going to|i shall|we shall)|^will|\b(?:and|i|we|but) will|,\s*will)\s+(?:\w+\s+){{0,8}}?(?:{_FOLLOW_UP})\b",
    r"\byou'll (?:hear|have|get)\b[^.!?]{0,40}\bfrom (?:me|us)\b", r"\bupdate from me\b",
])
TIMED_ONLY_COMMITMENT = _any([
    r"\blet's\s+(?:\w+\s+){0,4}?(?:call|chat|meet|talk|sync|catch up|pick this up|pick it up)\b",
    r"\bwill be in your inbox\b", r"\bi'll (?:call|ring|phone) you\b",
])
NOT_COMMITMENT = _any([
    r"\b(?:can|could|shall|should|would|do) (?:i|we)\b[^.!?]*\?", r"\bwant me to\b", r"\bwould you like\b",
    r"\bif you (?:want|like|'d like|prefer)\b", r"\bi'll (?:be honest|admit)\b", r"\bnow\s*$",
    r"\bshould you\b", r"\bif you need\b", r"\bwe'll be here\b",
    r"\b(?:send|dm|provide|share|reply|message|give|tell|contact|email|call|ping)\b[^.!?]{0,120}(?:\band|&) (?:we|i)'ll\b",
])

DISRESPECT = _any([
    r"\bas i(?:'ve| have)? (?:already |previously |just )?(?:said|explained|mentioned|told you|stated|noted|pointed out)\b",
    r"\b(?:i've|i have|i) already (?:told|explained|said|mentioned|answered)\b",
    r"\blike i (?:already )?(?:said|told you|mentioned|explained)\b", r"\bas previously (?:stated|explained|mentioned)\b",
    r"\bfor the (?:second|third|fourth|fifth|last|\d+(?:nd|rd|th)) time\b",
    r"\byou (?:should|could|would|might)(?:'ve| have)? (?:\w+ )?(?:read|checked|looked|known|followed|noticed|tested|listened|paid attention|backed up|double-checked|renewed|updated|asked|realised|realized)\b",
    r"\b(?:if|had) (?:you|someone|anyone|your team|your devs?|your admins?) (?:had )?(?:just |actually |bothered to )?(?:read|checked|looked at|followed|renewed|listened|paid)\b",
    r"\bwould(?:n't|'ve| have)?(?: not)? (?:have )?been avoided if\b", r"\bwouldn't have happened\b",
    r"^(?:ok(?:ay)?,?\s+|look,?\s+|please\s+|just\s+)?(?:calm down|relax|chill|settle down)\b", r"\b(?:calm down|chill out|settle down)\b",
    r"\bno need to (?:shout|yell|panic|be rude)\b", r"\bstop (?:shouting|yelling)\b",
    r"\buser error\b", r"\brtfm\b", r"\bpebkac\b",
    r"\b(?:this|it|that)(?:'s| is) (?:pretty |really |very |super |fairly )?(?:basic|obvious|elementary|trivial)(?: stuff)?\s*(?:[.!,;]|$)",
    r"\bnot (?:rocket science|that (?:hard|difficult|complicated))\b", r"\bcommon sense\b",
    r"\bany (?:\w+ )?(?:dev|developer|admin|engineer|one|body|competent|junior)\b[^.!?]{0,40}\bshould (?:know|be able|understand)\b",
    r"\bshould (?:already )?know (?:how|this|that|better)\b",
    r"\bliterally (?:the first|in the|right there|on the|says)\b", r"\bit's right there\b",
    r"\bnot sure how else to (?:explain|say|put)\b", r"\bhow many times (?:do|have|must|should|will) i\b", r"\bi don't know how else to\b",
    r"\byou must have (?:deleted|broken|changed|done|messed|removed|misconfigured|typed|pasted|clicked|ignored)\b",
    r"\b(?:you|your team|you guys) (?:broke|messed up|screwed up|misconfigured)\b",
    r"\b(?:clearly|obviously) (?:you|your team) (?:didn't|don't|haven't|weren't|did not|can't|never)\b", r"\byou (?:clearly|obviously) (?:didn't|don't|haven't|weren't)\b",
    r"\b(?:read|check) (?:my|the) (?:previous|last|earlier) (?:message|reply|answer)\b", r"\bscroll up\b",
    r"\bwhat part of\b[^.!?]{0,40}\b(?:don't|do not|didn't|did not) you (?:understand|get|see)\b", r"\bdid you even\b", r"\bwhatever\s*[.!]?$",
])
DISRESPECT_EMOJI = frozenset({"roll_eyes", "face_with_rolling_eyes", "unamused", "facepalm", "face_palm"})


def _is_apology(prepared: Prepared) -> bool:
    words = prepared.words
    if not APOLOGY.possible(prepared.prose, words):
        return False
    for sentence in prepared.sentences:
        if APOLOGY.search(sentence, words) and not NOT_APOLOGY.search(sentence, words) and not SORRY_QUESTION.search(sentence):
            return True
    return False


def _commitments(prepared: Prepared, pattern: Rules) -> list[str]:
    """Sentences where the writer commits to a follow-up (offers and questions are not commitments)."""
    words = prepared.words
    if not pattern.possible(prepared.prose, words):
        return []
    return [
        s for s in prepared.sentences
        if pattern.search(s, words) and not NOT_COMMITMENT.search(s, words) and not s.endswith("?")
    ]


def agent_labels(prepared: Prepared, sent_at: datetime, calendar: BusinessCalendar) -> tuple[set[str], datetime | None]:
    """Labels of a staff message, and the deadline of its promise when it names one."""
    prose, words = prepared.prose, prepared.words
    labels: set[str] = set()
    if _is_apology(prepared):
        labels.add(L.APOLOGY)
    if EMPATHY.search(prose, words):
        labels.add(L.EMPATHY)
    if OWNERSHIP.search(prose, words):
        labels.add(L.TAKES_OWNERSHIP)
    if DISRESPECT.search(prose, words) or (prepared.emoji & DISRESPECT_EMOJI):
        labels.add(L.DISRESPECT)

    due_at: datetime | None = None
    commitments = _commitments(prepared, COMMITMENT)
    for sentence in commitments + _commitments(prepared, TIMED_ONLY_COMMITMENT):
        deadline = find_deadline(sentence, sent_at, calendar)
        if deadline is not None:
            due_at = deadline.due_at
            labels.add(L.PROMISE_WITH_TIME)
            break
    if commitments and due_at is None:
        labels.add(L.VAGUE_PROMISE)

    options = bool(OPTIONS.search(prose, words))
    refusal = (REFUSAL.possible(prose, words) and any(REFUSAL.search(s, words) for s in prepared.sentences)
               and not NOT_REFUSAL.search(prose, words))
    owned = L.TAKES_OWNERSHIP in labels or bool(commitments)
    redirect = bool(REDIRECT.search(prose, words)) and not owned
    disown = bool(DISOWN.search(prose, words)) and not owned
    if refusal and not redirect and ALTERNATIVE_AFTER_REFUSAL.search(prose, words):
        options = True
    if options:
        labels.add(L.OFFERS_OPTIONS)
    if redirect or disown:
        labels.add(L.PASSING_THE_BUCK)
    if refusal and not options and not commitments and not redirect and not NEXT_STEP.search(prose, words):
        labels.add(L.FLAT_REFUSAL)
    return labels, due_at
