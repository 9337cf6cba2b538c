"""Which actor did what to whom: sides of an event read from the dependency parse.

Side 1 is the actor that acts (subject, agent, "Syrian" in "Syrian airstrikes");
side 2 the one acted upon (object, "against X", passive subject); 0 means the
actor is in the sentence but not part of this event.
"""

from __future__ import annotations

SIDE1_DEPS = frozenset({"nsubj", "agent", "amod", "compound", "poss", "npadvmod", "nmod", "appos", "csubj"})
SIDE2_DEPS = frozenset({"dobj", "nsubjpass", "attr", "oprd", "dative", "iobj"})
# "retook the town from JNIM": the party things are taken from is the other side.
SIDE2_PREPS = frozenset({"against", "on", "upon", "targeting", "with", "at", "toward", "towards", "of", "from"})
SIDE1_PREPS = frozenset({"by"})
ASSOC1_PREPS = frozenset({"alongside", "including"})


def _step_dep(token) -> tuple[str, str | None]:
    """The token's own relation, and the preposition word if it hangs off one."""
    if token.dep_ == "pobj" and token.head.dep_ in ("prep", "agent"):
        return token.head.dep_, token.head.lower_
    return token.dep_, None


def _below(ancestor, token):
    """The child of `ancestor` on the path down to `token`, skipping conjunctions."""
    path = []
    while token.i != ancestor.i and token.head.i != token.i:
        path.append(token)
        token = token.head
    if token.i != ancestor.i:
        return None
    for tok in reversed(path):  # from the ancestor downwards
        if tok.dep_ not in ("conj", "cc", "pobj", "pcomp"):
            return tok
    return path[-1] if path else None


def _side_from(tok) -> int:
    if tok is None:
        return 0
    dep, prep = _step_dep(tok)
    if tok.dep_ in ("prep", "agent"):
        prep = tok.lower_
        dep = tok.dep_
    if dep == "agent" or prep in SIDE1_PREPS:
        return 1
    if prep in ASSOC1_PREPS:
        return 3
    if prep in SIDE2_PREPS:
        return 2
    if dep in SIDE1_DEPS:
        return 1
    if dep in SIDE2_DEPS:
        return 2
    return 0


ALLY_VERBS = frozenset({"assist", "support", "help", "reinforce", "back", "aid", "bolster", "join", "defend"})
SUBJECTS = ("nsubj", "nsubjpass")
RELATIVE = frozenset({"that", "which", "who", "whom"})


def _governor(trigger):
    """The verb whose subject also acts in the trigger: "launched" for "airstrikes were
    launched", "continues" for "continues ..., threatening to advance"."""
    has_subject = any(c.dep_ in SUBJECTS for c in trigger.children)
    if trigger.dep_ in ("dobj", "nsubj", "nsubjpass", "attr"):
        return trigger.head
    if trigger.dep_ in ("xcomp", "advcl", "conj") and not has_subject:
        return trigger.head
    if trigger.dep_ == "ccomp" and any(c.dep_ in SUBJECTS and c.pos_ == "PRON" for c in trigger.children):
        return trigger.head  # "the PMF said they had deployed": they = the speaker
    return None


def side_of(actor_root, trigger) -> int:
    """1 (acts), 2 (acted upon), 3 (acts alongside), or 0 (unrelated)."""
    if actor_root.i == trigger.i:
        return 1
    if trigger.is_ancestor(actor_root):
        below = _below(trigger, actor_root)
        # An ally named in a purpose clause: militias "crossed ... to assist the Syrian army".
        if below is not None and below.dep_ in ("advcl", "xcomp") and below.lemma_.lower() in ALLY_VERBS:
            obj = actor_root if actor_root.head.i == below.i else actor_root.head
            named = actor_root.dep_ == "dobj" or actor_root.dep_ in ("poss", "compound", "amod")
            return 3 if named and obj.dep_ == "dobj" and obj.head.i == below.i else 0
        if any(c.dep_ in SUBJECTS and c.lower_ in RELATIVE for c in trigger.children) and below is not None \
                and below.dep_ in SUBJECTS:
            return 0  # "that" itself; the antecedent is handled below
        return _side_from(below)
    if trigger.dep_ in ("relcl", "acl") and trigger.head.i != trigger.i:
        # "an insurgent offensive that has overtaken Aleppo": the antecedent acts.
        antecedent = trigger.head
        if actor_root.i == antecedent.i or (actor_root.head.i == antecedent.i and actor_root.dep_ in
                                            ("compound", "amod", "poss", "nmod", "appos")):
            return 1 if trigger.dep_ == "relcl" or trigger.tag_ != "VBN" else 2
        return 0
    if actor_root.is_ancestor(trigger):
        # "The Iraqi forces, ..., utilized the border crossing": a participle or relative
        # clause hanging off the actor has the actor as its subject (a passive participle, as object).
        verb = trigger if trigger.pos_ in ("VERB", "AUX") else (trigger.head if trigger.dep_ == "dobj" else None)
        if verb is not None and verb.dep_ in ("acl", "relcl") and verb.head.i == actor_root.i:
            passive = verb.dep_ == "acl" and verb.tag_ == "VBN" and not any(c.dep_ == "dobj" for c in verb.children)
            return 2 if passive else 1
        return 0
    gov = _governor(trigger)
    if gov is None or not gov.is_ancestor(actor_root):
        return 0
    child = _below(gov, actor_root)
    if child is None:
        return 0
    side = _side_from(child)
    if trigger.dep_ in SUBJECTS:
        # "airstrikes were launched against X" / "airstrikes killed X"
        return side if side in (2, 3) else (1 if child.dep_ == "agent" else 0)
    if child.dep_ in SUBJECTS:
        return 1 if child.dep_ == "nsubj" else 2
    return side if side in (2, 3) else 0
