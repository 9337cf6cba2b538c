"""Which actor did what to whom: sides of an event read from the dependency parse.

Side 1 is the actor that acts (subject, agent, "Syrian" in "Syrian airstrikes");
side 2 the one acted upon (object, "against X", passive subject); 0 means the
actor is in the sentence but not part of this event.
"""

from __future__ import annotations

SIDE1_DEPS = frozenset({"nsubj", "agent", "amod", "compound", "poss", "npadvmod", "nmod", "appos", "csubj"})
SIDE2_DEPS = frozenset({"dobj", "nsubjpass", "attr", "oprd", "dative", "iobj"})
SIDE2_PREPS = frozenset({"against", "on", "upon", "targeting", "with", "at", "toward", "towards", "of"})
SIDE1_PREPS = frozenset({"by", "from"})
ASSOC1_PREPS = frozenset({"alongside", "including"})


def _step_dep(token) -> tuple[str, str | None]:
    """The token's own relation, and the preposition word if it hangs off one."""
    if token.dep_ == "pobj" and token.head.dep_ in ("prep", "agent"):
        return token.head.dep_, token.head.lower_
    return token.dep_, None


def _below(ancestor, token):
    """The child of `ancestor` on the path down to `token`, skipping conjunctions."""
    path = []
    while token is not ancestor and token.head is not token:
        path.append(token)
        token = token.head
    if token is not ancestor:
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


def side_of(actor_root, trigger) -> int:
    """1 (acts), 2 (acted upon), 3 (acts alongside), or 0 (unrelated)."""
    if actor_root is trigger:
        return 1
    if actor_root.is_ancestor(trigger):
        # The trigger modifies the actor's phrase ("militias ... crossing"): the actor acts.
        return 1 if trigger.dep_ in ("acl", "relcl", "compound", "amod") else 0
    if trigger.is_ancestor(actor_root):
        return _side_from(_below(trigger, actor_root))
    # Both hang off a common governing verb: its subject acts, its object is acted upon.
    head = trigger.head
    hops = 0
    while head is not head.head and not head.is_ancestor(actor_root) and hops < 4:
        head = head.head
        hops += 1
    if head.is_ancestor(actor_root) and head.pos_ in ("VERB", "AUX"):
        child = _below(head, actor_root)
        trig_child = _below(head, trigger)
        if child is not None and child.dep_ in ("nsubj", "nsubjpass") and trig_child is not None:
            if child.dep_ == "nsubj":
                return 1
            return 2 if trig_child.dep_ in ("agent",) else 1
        if child is not None and trig_child is not None and trig_child.dep_ in ("nsubj",) and child.dep_ in SIDE2_DEPS:
            return 2
    return 0
