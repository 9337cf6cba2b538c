"""One-sentence summaries of events in the style of ACLED's notes field."""

from __future__ import annotations

from tacitus.records import Event

PHRASES = {
    "Armed clash": "{a1} clashed with {a2}",
    "Government regains territory": "{a1} regained control of territory from {a2}",
    "Non-state actor overtakes territory": "{a1} took control of territory from {a2}",
    "Chemical weapon": "{a1} used chemical weapons against {a2}",
    "Air/drone strike": "{a1} carried out air or drone strikes against {a2}",
    "Suicide bomb": "{a1} carried out a suicide bombing against {a2}",
    "Shelling/artillery/missile attack": "{a1} shelled or fired missiles at {a2}",
    "Remote explosive/landmine/IED": "{a1} detonated an explosive device against {a2}",
    "Grenade": "{a1} threw a grenade at {a2}",
    "Sexual violence": "{a1} committed sexual violence against {a2}",
    "Attack": "{a1} attacked {a2}",
    "Abduction/forced disappearance": "{a1} abducted {a2}",
    "Peaceful protest": "{a1} demonstrated peacefully",
    "Protest with intervention": "{a1} demonstrated and were dispersed by {a2}",
    "Excessive force against protesters": "{a2} used excessive force against {a1}",
    "Violent demonstration": "{a1} rioted",
    "Mob violence": "{a1} carried out mob violence against {a2}",
    "Agreement": "{a1} reached an agreement with {a2}",
    "Arrests": "{a1} arrested {a2}",
    "Change to group/activity": "{a1} changed its activity (deployment or movement)",
    "Disrupted weapons use": "{a1} disrupted weapons use by {a2}",
    "Headquarters or base established": "{a1} established a base",
    "Looting/property destruction": "{a1} looted or destroyed property of {a2}",
    "Non-violent transfer of territory": "{a1} handed over territory to {a2}",
    "Other": "{a1} was involved in a strategic development with {a2}",
}
PLOVER_PHRASES = {
    "SUPPORT": "{a1} expressed support for {a2}",
    "THREATEN": "{a1} threatened {a2}",
    "DISAPPROVE": "{a1} accused {a2}",
    "DEMAND": "{a1} made demands of {a2}",
    "CONSULT": "{a1} held talks with {a2}",
    "SANCTION": "{a1} imposed sanctions on {a2}",
}


def note(e: Event) -> str:
    a1 = e.actor1.name if e.actor1 else "Unidentified actors"
    a2 = e.actor2.name if e.actor2 else "unidentified actors"
    template = PHRASES.get(e.sub_event_type or "") or PLOVER_PHRASES.get(e.plover_type or "", "{a1} acted")
    text = template.format(a1=a1, a2=a2)
    if e.assoc_actor_1:
        text = text.replace(a1, a1 + " (with " + ", ".join(a.name for a in e.assoc_actor_1) + ")", 1)
    when = f"On {e.event_date:%-d %B %Y}, " if e.event_date else ""
    where = ""
    if e.location is not None:
        parts = [e.location.name] + ([e.location.admin1] if e.location.admin1 and e.location.admin1 != e.location.name else [])
        where = " in " + ", ".join(parts)
    sentence = f"{when}{text}{where}"
    if e.mode != "asserted":
        sentence += f" ({e.mode})"
    sentence += "."
    if e.quantities:
        sentence += " " + "; ".join(f"{'about ' if q.approx else ''}{q.value} {q.what}" for q in e.quantities) + "."
    if e.fatalities is not None:
        f = e.fatalities
        sentence += f" Fatalities: {f.best}" + (f" (reports range {f.low}-{f.high})" if f.high != f.low else "") + "."
    return sentence[0].upper() + sentence[1:]
