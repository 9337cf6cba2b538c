"""Is a trigger asserted, negated, hypothetical, future or historical?

Read from the dependency path between the trigger and its sentence root:
negation on the trigger or a governing verb, modal auxiliaries, verbs of intent
("plan to", "threaten to"), purpose clauses ("to support"), and dates far before
the report.
"""

from __future__ import annotations

import datetime as dt

NEGATORS = frozenset({"not", "n't", "never", "no", "deny", "denied", "without"})
HYPOTHETICAL_AUX = frozenset({"could", "might", "may", "would", "should", "must"})
FUTURE_AUX = frozenset({"will", "shall", "'ll"})
INTENT_VERBS = frozenset(
    {"plan", "intend", "threaten", "vow", "aim", "seek", "try", "attempt", "prepare", "want", "hope",
     "promise", "pledge", "warn", "expect", "struggle", "plot", "consider", "propose", "call", "urge",
     "demand", "intention", "plan", "bid", "effort", "ready", "poised", "set"}
)
HYPOTHETICAL_MARKERS = frozenset({"if", "unless", "whether", "risk", "fear", "possible", "potential", "likely"})
PAST_REFERENCE = frozenset({"since", "ago", "previously", "formerly", "earlier"})


NOUN_LINKS = frozenset({"nsubj", "nsubjpass", "dobj", "attr"})
CLAUSE_LINKS = frozenset({"xcomp", "advcl", "ccomp", "conj", "acl"})


def _chain(token):
    """The trigger and the verbs that govern it as one statement.

    A noun trigger inherits the mode of the verb it is subject or object of
    ("airstrikes could hit", "planned an attack"); a trigger in a prepositional
    phrase or a relative clause ("amid an insurgent takeover", "an offensive that
    has overtaken Aleppo") is asserted on its own.
    """
    chain = [token]
    while token.head.i != token.i:
        if token.pos_ in ("VERB", "AUX"):
            if token.dep_ not in CLAUSE_LINKS:
                break
        elif token.dep_ not in NOUN_LINKS:
            break
        token = token.head
        chain.append(token)
    return chain


DOUBT_NOUNS = frozenset({"rumour", "rumor", "suspicion", "accusation", "allegation", "fear", "risk", "claim",
                         "threat", "charge", "plot", "possibility", "danger"})


def mode_of(trigger_token, sentence, event_year: int | None = None, published: dt.date | None = None) -> str:
    head = trigger_token.head
    if trigger_token.dep_ in ("compound", "pobj", "pcomp"):
        holder = head.head if trigger_token.dep_ in ("pobj", "pcomp") else head
        if holder.lemma_.lower() in DOUBT_NOUNS:
            return "hypothetical"  # "over a kidnapping rumour", "on suspicion of kidnapping"
    chain = _chain(trigger_token)
    for tok in chain:
        if any(c.dep_ == "neg" or (c.lower_ in NEGATORS and c.dep_ in ("advmod", "det")) for c in tok.children):
            return "negated"
    for tok in chain:
        lowers = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
        if lowers & FUTURE_AUX:
            return "future"
        if lowers & HYPOTHETICAL_AUX:
            return "hypothetical"
        if any(c.dep_ == "mark" and c.lower_ in HYPOTHETICAL_MARKERS for c in tok.children):
            return "hypothetical"
    # Embedded under a verb or noun of intent, or in a "to ..." purpose clause: an aim, not an act.
    for tok, parent in zip(chain, chain[1:]):
        if parent.lemma_.lower() in INTENT_VERBS:
            return "future"
        if tok.dep_ in ("xcomp", "advcl", "acl") and any(c.lower_ == "to" and c.dep_ == "aux" for c in tok.children):
            return "hypothetical"
    if any(c.dep_ == "aux" and c.lower_ == "had" for c in trigger_token.children) and trigger_token.tag_ == "VBN" \
            and trigger_token.dep_ != "ccomp":
        return "historical"  # past perfect, unless reported speech ("said 11 had been killed")
    if event_year is not None and published is not None and event_year < published.year - 1:
        return "historical"
    return "asserted"
