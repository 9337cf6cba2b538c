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


def _chain(token, root):
    """The trigger and the heads above it, up to the sentence root."""
    seen = [token]
    while token.head.i != token.i and token.i != root.i:
        token = token.head
        seen.append(token)
    return seen


def mode_of(trigger_token, sentence, event_year: int | None = None, published: dt.date | None = None) -> str:
    chain = _chain(trigger_token, sentence.root)
    for tok in chain:
        children = list(tok.children)
        if any(c.dep_ == "neg" or c.lower_ in NEGATORS and c.dep_ in ("neg", "advmod", "det") for c in children):
            return "negated"
    for tok in chain:
        lowers = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
        if lowers & FUTURE_AUX:
            return "future"
        if lowers & HYPOTHETICAL_AUX:
            return "hypothetical"
    # A trigger embedded under a verb of intent, or in a "to ..." purpose clause,
    # reports an aim, not an act.
    for tok, parent in zip(chain, chain[1:]):
        if tok.dep_ in ("xcomp", "advcl", "acl", "prep", "pcomp", "pobj", "ccomp") and parent.lemma_.lower() in INTENT_VERBS:
            return "future"
        if tok.dep_ in ("xcomp", "advcl", "acl", "relcl") and any(
            c.lower_ == "to" and c.dep_ == "aux" for c in tok.children
        ):
            return "hypothetical"
        if tok.dep_ == "mark" or any(c.dep_ == "mark" and c.lower_ in HYPOTHETICAL_MARKERS for c in tok.children):
            return "hypothetical"
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger_token.children):
        return "hypothetical"
    if event_year is not None and published is not None and event_year < published.year - 1:
        return "historical"
    return "asserted"
