"""The clinical-testimonial rule (decision 0008): which sentences are positive statements about a
clinical aspect, and which words in an owner's response speak of a patient's health or visit.

A testimonial is a *positive* statement about symptoms, diagnosis, treatment or its outcome
("my back feels so much better", "cured my sciatica", "diagnosed it correctly straight away").
A negative or neutral clinical experience ("misdiagnosed me", "worse after three sessions",
"explained the diagnosis clearly") is not one, and is never held for its clinical content.

Each sentence is read on its own. It is a testimonial when

1. it claims a good clinical result: a pattern of ``_CLAIM`` matches (an improvement said of a part
   of the body, a symptom or a treatment; a symptom said to be absent now; a return to an
   activity; a good diagnosis; a handful of set phrases), and
2. nothing in the same sentence makes it a negative, unchanged or uncertain experience
   (``_NOT_A_CLAIM``: words of harm, an improvement that is negated, hope, expectation, what the
   practitioner said would happen).

The words are read after folding (``plain``): compatibility forms such as full-width letters are
folded and invisible characters dropped, so "cu\u200bred" reads as "cured". Pure functions: no
database, no Flask. ``tests/reviews/screening_corpus.py`` measures the rule.
"""

from __future__ import annotations

import re
import unicodedata


def plain(text: str) -> str:
    """The text as the wording checks read it: compatibility forms folded (full-width letters,
    ligatures), invisible formatting characters (zero-width spaces, bidi marks) dropped, and curly
    apostrophes straightened."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if unicodedata.category(ch) != "Cf").replace("\u2019", "'")


def _alternatives(*groups: str) -> str:
    """The words of ``groups`` (whitespace-separated; "_" inside one stands for any white space) as
    a regex alternation, longest first."""
    items = [w.replace("_", r"\s+") for group in groups for w in group.split()]
    return "|".join(sorted(items, key=len, reverse=True))


def _words(*groups: str) -> str:
    return "(?:" + _alternatives(*groups) + ")"


# What a clinical result is about: parts of the body, symptoms, conditions, function.
_SUBJECT_WORDS = (
    """back lower_back neck knee knees shoulder shoulders hip hips ankle ankles wrist wrists elbow elbows
    foot feet leg legs arm arms hand hands finger fingers thumb spine jaw hamstring hamstrings calf calves
    achilles acl rotator_cuff traps glutes quads groin ribs pelvis pelvic_floor bladder heel shin head
    muscle muscles tendon tendons ligament ligaments disc discs""",
    """pain pains ache aches aching stiffness tightness tension injury injuries sciatica headache headaches
    migraine migraines vertigo dizziness dizzy_spells spells balance falls posture mobility movement
    range_of_motion symptom symptoms condition tennis_elbow frozen_shoulder plantar_fasciitis whiplash
    arthritis sprain strain swelling tingling numbness limp leaks incontinence rsi shin_splints tendinitis
    tendonitis bursitis scoliosis trigger_points knots breathing torticollis toes core clicking cramps
    spasms swing walking running balance energy independence""",
)
SUBJECT = _words(*_SUBJECT_WORDS)
# What treats it (or who).
TREATMENT = _words(
    """treatment treatments exercise exercises program programs programme needling dry_needling massage
    session sessions rehab rehabilitation physio physiotherapy taping manipulation hydrotherapy therapy plan
    care she he they it this""",
)
# Symptoms and aids whose absence is a result: "no more pain", "without a limp", "off crutches".
SYMPTOM = _words(
    """pain pains painful ache aches aching hurt hurts hurting sore soreness stiff stiffness limp limping
    crutches cane walking_stick painkiller painkillers pain_relief headaches headache migraines numbness
    tingling dizziness leaks spasms swelling brace anti-inflammatories medication fall falls seizing""",
)
# Treatments: a sentence about one of them is about a clinical aspect.
_TREATMENT_CONTEXT = _words(
    """treatment treatments exercises exercise rehab rehabilitation program programme needling massage taping
    manipulation hydrotherapy therapy physiotherapy""",
)
_CONTEXT = re.compile(r"\b(?:" + SUBJECT + "|" + SYMPTOM + "|" + _TREATMENT_CONTEXT + r")\b", re.I)
# Words of a good result. In a sentence about the body, a symptom or a treatment (_CONTEXT), one of
# them is a claim that treatment worked, unless _NOT_A_CLAIM finds a reason it is not.
_OUTCOME = re.compile(
    r"\b(?:"
    + _alternatives(
        """better improved improving gone healed fixed cured sorted resolved stronger disappeared vanished
        stopped eased easier settled cleared loosened freed relief relieved recovered reduced effective
        steadier looser freer straighter
        game_changer game-changer thing_of_the_past non-existent distant_memory under_control back_to_normal
        good_as_new like_new brand_new"""
    )
    + r")\b|\b100\s?%|\b(?:able\s+to|can|could)\s+(?:\w+\s+){1,3}?again\b|\b(?:is|was|are|went|gone)"
    r"\s+(?:way\s+|right\s+|well\s+)?down\b",
    re.I,
)
_ABSENT = re.compile(
    r"\b(?:no|zero|without|haven't\s+needed|have\s+not\s+needed|no\s+longer\s+need|off|less|fewer"
    r"|haven't\s+had|have\s+not\s+had|threw\s+away|ditched)\s+"
    r"(?:[\w'-]+\s+){0,2}?" + SYMPTOM + r"\b",
    re.I,
)
_GAP = r"(?:[\w'%-]+\s+){0,4}?"  # up to four words between the parts of a pattern
_IMPROVED = _words(
    """better improved improving gone healed fixed cured sorted resolved stronger disappeared vanished
    stopped eased settled cleared cleared_up under_control went_down gone_down loosened loosened_up freed_up
    brand_new like_new good_as_gold rock_solid a_distant_memory""",
    """less_frequent less_severe less_painful less_sore less_stiff heaps_less_sore much_less_sore""",
)
_FINE = _words("good great fine strong solid amazing fantastic")
_AUX = r"(?:(?:is|was|are|were|has|have|had|feels?|felt|'s|seems?)\s+(?:been\s+|now\s+)?)"
_DEGREE = r"(?:(?:now|finally|completely|totally|almost|nearly|much|so|a\s+lot|heaps|way|really|already|\d+\s?%)\s+)*"

_CLAIM = re.compile(
    "|".join(
        (
            # a treatment acting on the body: "cured my sciatica", "helped my knee", "reduced my pain"
            r"\b(?:cur(?:ed|es)|heal(?:ed|s)|fix(?:ed|es)|sort(?:ed|s)(?:\s+out)?|resolv(?:ed|es)|reliev(?:ed|es)"
            r"|eas(?:ed|es)|reduc(?:ed|es)|improv(?:ed|es)|eliminat(?:ed|es)|help(?:ed|s)|got\s+rid\s+of"
            r"|took\s+away|stopped|strengthened|settled|turned)\s+" + _GAP + SUBJECT + r"\b",
            # the body improved: "my back feels so much better", "neck pain: gone", "knee's good as gold"
            r"\b" + SUBJECT + r"(?:'s)?\b[\s:,-]+" + _GAP + _AUX + r"?" + _DEGREE + _IMPROVED + r"\b",
            r"\b" + SUBJECT + r"(?:'s\s+|\s+" + _AUX + r")" + _DEGREE + r"(?:as\s+)?" + _FINE + r"\b",
            r"\b(?:i|i'm|i've|we|it|everything)\s+(?:\w+\s+)?(?:feel|feels|felt|feeling)\s+"
            + _DEGREE
            + r"(?:better|great|amazing|fantastic|brand\s+new|like\s+new|strong|looser)\b"
            r"(?!\s+(?:informed|about|prepared|equipped|knowing|welcome))",
            r"^(?:feels?|felt|feeling)\s+" + _DEGREE + r"(?:better|great|amazing|fantastic|like\s+new)\b",
            r"\bnever\s+(?:felt|been)\s+(?:this\s+)?better\b|\bbest\s+(?:my\s+\w+\s+)?(?:has|have)\s+felt\b",
            # a treatment worked: "the treatment really worked", "the exercises made a real difference"
            r"\b" + TREATMENT + r"\s+(?:\w+\s+){0,3}?(?:really\s+|actually\s+|definitely\s+|truly\s+)?"
            r"(?:worked(?!\s+(?:on|out|with|through|in)\b)|works(?!\s+(?:on|out|with|through|in)\b)"
            r"|did\s+(?:the\s+trick|wonders)|made\s+(?:a|the)\s+(?:\w+\s+)?difference"
            r"|(?:was|is|were|are)\s+(?:really\s+|very\s+|so\s+|highly\s+)?effective)\b",
            r"\b(?:amazing|great|fantastic|excellent|incredible|real|good)\s+results\b",
            r"\bthanks\s+to\s+(?:his|her|their|the|this|your)\s+(?:\w+\s+)?" + TREATMENT + r"\b",
            r"\bworked\s+wonders\b|\bmagic\s+hands\b|\bmiracle\b|\blife[-\s]?changing\b|\bturned\s+(?:my\s+)?"
            r"(?:\w+\s+)?around\b",
            r"\bsaved\s+my\s+(?:\w+\s+)?(?:career|season|life)\b|\b(?:have|got|get)\s+my\s+life\s+back\b",
            r"\bbest\s+(?:thing|decision)\s+(?:\w+\s+){0,3}?for\s+my\s+" + _GAP + SUBJECT + r"\b",
            r"\b(?:avoid(?:ed)?|dodged)\s+(?:an?\s+)?(?:\w+\s+)?(?:surgery|operation|injections?|painkillers"
            r"|reconstruction|replacement)\b",
            r"\bno\s+longer\s+(?:\w+\s+)?(?:wakes?|clicks?|locks?|catches|bothers?|gives?\s+way|keeps?\s+me)\b",
            r"\bdifference\s+in\s+(?:my\s+)?(?:\w+\s+)?" + SUBJECT + r"\b",
            r"\blike\s+(?:myself|my\s+old\s+self|a\s+new\s+(?:person|man|woman))\s+again\b",
            r"\b(?:correctly|accurately|quickly)\s+(?:picked\s+up|identified|spotted|found|worked\s+out)\b",
            r"\bwalked\s+out\s+(?:of\s+there\s+)?(?:\w+\s+){0,2}?(?:feeling|standing|moving|pain|like|without)\b",
            r"\bfrom\s+(?:\w+\s+){0,2}?(?:limping|crutches|a\s+wheelchair|bed|agony|pain)\s+to\b",
            r"\b(?:gave|got|have|given)\s+(?:me\s+)?my\s+(?:\w+\s+)?(?:independence|life|freedom|confidence|mobility"
            r"|movement|strength)\s+back\b",
            r"\b(?:can|could)\s+(?:now|already|finally)\s+(?:\w+\s+){0,3}?(?:my\s+)?" + SUBJECT + r"\b",
            r"\b(?:hasn't|haven't|has\s+not|have\s+not|never)\s+felt\s+(?:this|so)\s+(?:good|well|strong)\b",
            r"\bdiagnosed\b.*\b(?:when|where|after)\s+(?:\w+\s+){0,4}?(?:couldn't|could\s+not|failed|missed)\b",
            # a symptom gone: "pain-free", "no more back pain", "without a limp", "off crutches", "doesn't ache"
            r"\bpain[-\s]free\b|\b(?:no\s+more|no\s+longer)\s+(?:\w+\s+){0,3}?" + SYMPTOM + r"\b",
            r"\b(?:with\s+no|without(?:\s+any|\s+a)?|off(?:\s+the)?|less|fewer)\s+(?:\w+\s+)?" + SYMPTOM + r"\b",
            r"\b(?:doesn't|does\s+not|don't|do\s+not|no\s+longer)\s+(?:\w+\s+)?(?:ache|hurt|hurts)\b",
            # recovery and a return to what the body does
            r"\b(?:fully|completely|totally)\s+recovered\b|\brecovered\s+(?:fully|completely|quickly|from)\b",
            r"\b(?:i'm|i\s+am|im)\s+(?:fully\s+|completely\s+)?recovered\b",
            r"\bback\s+to\s+(?:work|running|normal|sport|playing|walking|training|the\s+gym|full\s+\w+|my\s+old)",
            r"\bback\s+(?:playing|running|training|lifting|walking|swimming|at\s+(?:work|the\s+gym)|on\s+the\s+\w+)",
            r"\b(?:got|had)\s+(?:me|my\s+\w+)\s+(?:back|walking|running|moving|lifting|off)\b",
            r"\b(?:walk|run|jog|lift|sleep|mov|play|swim|cycl|rid|danc|work|train|reach|squat|kneel|bend|climb"
            r"|straighten|turn)\w*\s+" + _GAP + r"again\b",
            r"\b(?:can|could)\s+(?:now\s+|finally\s+)?(?:turn|move|lift|bend|straighten|raise|use|walk|run)\s+"
            r"(?:\w+\s+){0,3}?(?:properly|freely|normally|again|without)\b",
            r"\bnow\s+(?:i'm|i\s+am|i\s+can)\s+(?:walk|run|jog|lift|sleep|play|swim|cycl|train)\w*",
            r"\bnow\s+full\s+(?:range|movement|strength)\b|\b(?:full|normal)\s+(?:movement|range|function|strength"
            r"|mobility)\s+back\b",
            r"\b(?:sleep|sleeping|slept)\s+(?:so\s+much\s+|much\s+)?(?:better|through\s+the\s+night)\b",
            r"\b(?:instant|immediate|great|huge|real|quick|so\s+much)\s+relief\b|\brelief\s+(?:for|from)\s+my\b",
            r"\btook\s+(?:my|the)\s+" + _GAP + r"(?:pain|aches?|headaches?|stiffness)\s+away\b",
            # a positive statement about the diagnosis
            r"\b(?:correctly|accurately|properly|finally|quickly)\s+diagnosed\b",
            r"\bdiagnosed\s+" + _GAP + r"(?:correctly|accurately|properly|straight\s+away|immediately|at\s+last)\b",
            r"\bworked\s+out\s+what\s+was\s+wrong\b|\bfound\s+(?:the\s+(?:real\s+)?(?:cause|problem)|what\s+was"
            r"\s+wrong)\b|\bgot\s+to\s+the\s+bottom\s+of\b|\bidentified\s+(?:the|a|my)\s+(?:\w+\s+)?(?:issue"
            r"|cause|problem)\b",
            r"\bguaranteed?\s+(?:results|recovery)\b",
        )
    ),
    re.I,
)

# Words after which an improvement is denied: "not helped", "didn't work", "never got stronger".
_NEGATOR = (
    r"(?:(?:not|no|never|zero|nothing|hardly|barely|didn't|did\s+not|doesn't|does\s+not|don't|hasn't|has\s+not"
    r"|haven't|have\s+not|won't|wouldn't|couldn't|could\s+not|can't|cannot|wasn't|was\s+not|weren't|isn't"
    r"|aren't)(?!\s+(?:felt|been)\s+(?:this\s+|so\s+)?(?:better|good|well|strong)))"
)
_IMPROVEMENT = (
    r"(?:better|help|helped|helping|helps|work|worked|working|fix|fixed|improve|improved|improving|improvement"
    r"|relieve|relieved|relief|ease|eased|cure|cured|heal|healed|healing|resolve|resolved|recover|recovered"
    r"|go\s+away|went\s+away|gone|change|changed|stronger|progress|progressed|budge|budged|difference"
    r"|good|anything|say|assess|work\s+out|settle|settled|reduce|reduced|easier|effective|sorted|convinced)"
)
_NOT_A_CLAIM = re.compile(
    r"\b" + _NEGATOR + r"\s+(?:[\w'-]+\s+){0,3}?" + _IMPROVEMENT + r"\b"
    # harm, or no change
    r"|\bworse\b|\bworst\b|\bsorer\b|\bunchanged\b|\bthe\s+same\b|\bjust\s+as\s+bad\b|\bmisdiagnos|\bwrong\s+"
    r"diagnosis\b|\bmissed\s+(?:the|my|a)\b|\bflare[-\s]?ups?\b|\bflared\b|\baggravat|\bspasm|\bcramp"
    r"|\bbruis|\boverdid\b|\binjured\s+me\b|\b(?:came|coming|come)\s+back\b|\bmore\s+pain\b|\buseless\b"
    r"|\bwaste\s+of\b|\bdid\s+nothing\b|\bunfortunately\b|\blost\s+faith\b"
    r"|\bbeen\s+(?:sore|stiff|painful|hurting|aching|swollen)\b|\breturned\b|\bagony\b|\bunstable\b"
    r"|\bfor\s+(?:an?\s+|the\s+)?(?:couple\s+of\s+|few\s+|first\s+)?(?:days?|hours?|weeks?)\s+(?:then|and\s+then"
    r"|before|but)\b|\bsupposedly\b|\bapparently\b|\ballegedly\b|\bturned\s+out\b|\bseized\b|\bgave\s+(?:way|out)\b"
    r"|\bany\s+better\b|\bnot\s+once\b|\bover\s+time\b|\b(?:focus|goal|aim)\s+(?:is|was|will\s+be)\b"
    r"|\b(?:was|is|were|are|'s)\s+back\b(?!\s+to\b)|\bsupposed\s+to\b|\bclaimed\b|\bas\s+ever\b|\bdismiss|\bblamed\b|\bkeeps?\s+(?:rolling|coming|getting)\b"
    r"|\bstill\b"
    r"|\bstill\s+(?:in\s+pain|hurts?|sore|stiff|swollen|painful|limping|aching|clicks|can't|cannot|won't|waiting)\b"
    # hope, expectation, what someone said would happen
    r"|\bhop(?:e|ed|ing)\s+(?:it|my|that|to|the|i)\b|\bhopefully\b|\btoo\s+early\b|\btime\s+will\s+tell\b"
    r"|\bwe'll\s+see\b|\bi'll\s+know\b|\bwhether\b|\bif\s+(?:the|it|this|my|i)\b|\bmight\b"
    r"|\b(?:should|would|will|'ll|'d)\s+(?:\w+\s+)?(?:be|feel|get|help|improve|heal|settle)\b"
    r"|\bexpect(?:s|ed|ing)?\s+(?:it|to|my|that|the)\b|\bpromised\b|\b(?:don't|do\s+not)\s+think\b"
    r"|\b(?:he|she|they|physio|doctor|gp)\s+(?:said|says|told\s+me)\b|\bmost\s+people\b|\bunderstand\b",
    re.I,
)
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE.split(text) if part.strip()]


def claim_in(sentence: str) -> str | None:
    """The wording by which ``sentence`` claims a good clinical result (whether or not something
    else in it makes it no claim), or None."""
    match = _CLAIM.search(sentence)
    if match is None and _CONTEXT.search(sentence):
        match = _OUTCOME.search(sentence) or _ABSENT.search(sentence)
    return " ".join(match.group(0).lower().split()) if match else None


def testimonial_sentences(text: str) -> list[str]:
    """The sentences of ``text`` that are positive statements about a clinical aspect."""
    return [s for s in sentences(plain(text)) if claim_in(s) and not _NOT_A_CLAIM.search(s)]


def testimonial_phrases(text: str) -> list[str]:
    """The wording that made each testimonial sentence one (lower-cased, de-duplicated, in order)."""
    found: list[str] = []
    for sentence in testimonial_sentences(text):
        phrase = claim_in(sentence)
        if phrase not in found:
            found.append(phrase)
    return found


# --- owners' responses --------------------------------------------------------------------------
# An owner's public response is the practitioner's own words: it may not make a clinical claim nor
# confirm that the reviewer was a patient (their visit, their treatment, their body, their health).
_PATIENT_DETAILS = re.compile(
    r"\byour\s+(?:\w+\s+){0,2}?(?:"
    + _alternatives(*_SUBJECT_WORDS)
    + r"|treatment|treatments|session|sessions|appointment|appointments|visit|visits|consult|consultation"
    r"|care|recovery|rehab|rehabilitation|program|programme|exercises|diagnosis|scan|x-ray|mri|surgery|file"
    r"|records|notes|plan|progress|health|medical|history)\b"
    r"|\b(?:when|since|after|before)\s+you\s+(?:first\s+)?(?:came|visited|saw|were\s+(?:here|in)|attended"
    r"|started|booked)\b|\b(?:we|i)\s+(?:treated|saw|assessed|examined|see|treat)\s+you\b|\bas\s+your\s+"
    r"(?:physio|physiotherapist|therapist|practitioner)\b|\bour\s+patient\b|\b(?:you\s+were|you\s+are"
    r"|you're)\s+(?:a|our|my)\s+(?:patient|client)\b|\b(?:treating|seeing)\s+you\b",
    re.I,
)


def patient_details(text: str) -> list[str]:
    """Wording in an owner's response that speaks of the reviewer's health, treatment or visit (and
    so confirms that they were a patient), lower-cased, de-duplicated, in order."""
    found: list[str] = []
    for match in _PATIENT_DETAILS.finditer(plain(text)):
        phrase = " ".join(match.group(0).lower().split())
        if phrase not in found:
            found.append(phrase)
    return found


def clinical_claims(text: str) -> list[str]:
    """Clinical claims in an owner's response: a result of treatment, whether it is the reviewer's
    or not ("glad your back pain is gone", "our treatment fixes sciatica")."""
    found: list[str] = []
    for sentence in sentences(plain(text)):
        phrase = claim_in(sentence)
        if phrase and phrase not in found:
            found.append(phrase)
    return found
