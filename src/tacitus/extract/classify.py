"""Choose the events a sentence reports from its triggers, and type them.

Triggers (the lexicon) decide whether a sentence reports events and which families;
the trained event classifier (tacitus.classify) decides the sub-event type of the
sentence's main event, so a sentence is typed the same alone (`tacitus eval classify`)
and inside an article.  Rules from the ACLED codebook type the rest."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from tacitus.classify.labels import NOT_CONFLICT, code_for, sub_event_type
from tacitus.extract.triggers import Label, Trigger, lexicon
from tacitus.records import Actor

ARMED_INTER = frozenset({1, 2, 3, 4, 8})
REMOTE = frozenset({"Chemical weapon", "Suicide bomb", "Remote explosive/landmine/IED", "Grenade",
                    "Air/drone strike", "Shelling/artillery/missile attack"})
# Verbs that are events only with an armed actor doing them ("enter", "join").
NEEDS_ARMED_ACTOR = frozenset({"Change to group/activity", "Headquarters or base established",
                               "Non-violent transfer of territory", "Disrupted weapons use"})


@dataclass(frozen=True)
class Choice:
    label: Label
    trigger: Trigger
    family: str
    classified: bool = False  # the sub-type comes from the event classifier


def family_of(sub_event_type: str) -> str:
    """The family a sub-event type belongs to, as the trigger lexicon files it; "Other"
    has no trigger and is a strategic development."""
    return _families().get(sub_event_type, "strategic")


@functools.lru_cache(maxsize=1)
def _families() -> dict[str, str]:
    return {label.name: label.family for options in lexicon().values() for _, label in options}


# Below this probability the classifier's answer does not overrule the lexicon.
CONFIDENT = 0.35


def _acts(choices: list[Choice]) -> list[Choice]:
    """Events named by an act.  "No one was killed" names only a consequence: it adds a
    figure to the event it follows and is no sentence to type on its own."""
    return [c for c in choices if c.family != "verbal" and not c.trigger.consequence]


def apply_prediction(choices: list[Choice], prediction) -> list[Choice]:
    """Type the sentence's main event with the classifier's label when it is confident.

    A confident report of a crime, a disaster or an accident (the classifier's
    non-ACLED codes) yields no conflict event.  A confident ACLED label goes to the event
    of its family, else to the first non-verbal event.  Below CONFIDENT the lexicon's
    labels stand (see `decide`, which does the same for a snippet)."""
    events = _acts(choices)
    if prediction is None or not events or prediction.probability < CONFIDENT:
        return choices
    if prediction.label in NOT_CONFLICT:
        return [c for c in choices if c.family == "verbal"]
    name = sub_event_type(prediction.label)
    if name is None:  # diplomacy or a claim of responsibility: the lexicon types the act
        return choices
    family = family_of(name)
    target = next((c for c in events if c.family == family), events[0])
    label = Label(family, name, target.label.rank, target.label.cameo)
    typed = Choice(label, Trigger(label, target.trigger.start, target.trigger.end, target.trigger.phrase), family, True)
    return [typed if c is target else c for c in choices if c is target or c.family != family]


def decide(choices: list[Choice], prediction) -> str:
    """One CASE code for a snippet, by the rule `apply_prediction` applies in an article:
    the classifier's label when it is confident or the lexicon finds no event, else the
    lexicon's main event."""
    events = _acts(choices)
    if prediction.probability >= CONFIDENT or not events:
        return prediction.label
    return code_for(events[0].label.name) or prediction.label


def _best(triggers: list[Trigger]) -> Trigger:
    return max(triggers, key=lambda t: (t.label.rank, -t.start))


def choose(triggers: list[Trigger]) -> list[Choice]:
    """At most one event per family in a sentence."""
    by_family: dict[str, list[Trigger]] = {}
    for t in triggers:
        by_family.setdefault(t.label.family, []).append(t)
    out: list[Choice] = []
    kinetic = by_family.get("kinetic", [])
    protest = by_family.get("protest", [])
    strategic = by_family.get("strategic", [])
    territory = by_family.get("territory", [])
    if protest:
        # Killings, arrests or burning at a demonstration are part of that demonstration.
        labels = {t.label.name for t in protest}
        best = _best(protest)
        if kinetic and "Peaceful protest" in labels and any(
            t.phrase in ("kill", "shoot", "shoot dead", "open fire", "live ammunition", "die", "dead") for t in kinetic
        ):
            best = Trigger(Label("protest", "Excessive force against protesters", 40), best.start, best.end, best.phrase)
        elif any(t.label.name == "Arrests" for t in strategic) and best.label.name == "Peaceful protest":
            best = Trigger(Label("protest", "Protest with intervention", 35), best.start, best.end, best.phrase)
        out.append(Choice(best.label, best, "protest"))
        kinetic = []  # stones, stun grenades and clashes at a demonstration are the demonstration
        strategic = [t for t in strategic if t.label.name not in ("Arrests", "Looting/property destruction")]
    if any(t.label.name == "Disrupted weapons use" for t in strategic):
        # "defused an explosive device": the device did not go off.
        kinetic = [t for t in kinetic if t.label.name not in REMOTE]
    if territory:
        t = _best(territory)
        out.append(Choice(t.label, t, "territory"))
        kinetic = [t for t in kinetic if t.label.name in REMOTE]
    if kinetic:
        t = _best([t for t in kinetic if not t.consequence] or kinetic)
        out.append(Choice(t.label, t, "kinetic"))
        strategic = [s for s in strategic if s.label.name not in ("Looting/property destruction",)]
    if strategic:
        t = _best(strategic)
        out.append(Choice(t.label, t, "strategic"))
    verbal = by_family.get("verbal", [])
    if verbal:
        t = _best(verbal)
        out.append(Choice(t.label, t, "verbal"))
    return out


def refine(name: str, actor1: Actor | None, actor2: Actor | None, civilian_victims: bool) -> str:
    """Sub-event type once the actors are known."""
    a1 = actor1.inter if actor1 else None
    a2 = actor2.inter if actor2 else None
    if name in ("Attack", "Armed clash"):
        if a2 == 6 and a1 == 1:
            return "Excessive force against protesters"
        if a1 in (5, 7):
            return "Mob violence"  # civilians who kill or beat are a mob
        if a2 == 7 or (civilian_victims and a2 not in ARMED_INTER):
            return "Attack"
        if a1 in ARMED_INTER and a2 in ARMED_INTER:
            return "Armed clash"
        return name
    if name in ("Non-state actor overtakes territory", "Government regains territory"):
        return "Government regains territory" if a1 == 1 else "Non-state actor overtakes territory"
    return name
