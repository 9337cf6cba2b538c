"""The classifier's label set: the CASE 2021 codes for ACLED's 25 sub-event types and
five codes for reports that are not ACLED events."""

from __future__ import annotations

# CASE 2021 code -> ACLED sub-event type (ACLED codebook names).
ACLED_CODES: dict[str, str] = {
    "ABDUCT_DISSAP": "Abduction/forced disappearance",
    "AGREEMENT": "Agreement",
    "AIR_STRIKE": "Air/drone strike",
    "ARMED_CLASH": "Armed clash",
    "ARREST": "Arrests",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "ATTACK": "Attack",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity",
    "CHEM_WEAP": "Chemical weapon",
    "DISR_WEAP": "Disrupted weapons use",
    "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "GOV_REGAINS_TERIT": "Government regains territory",
    "GRENADE": "Grenade",
    "HQ_ESTABLISHED": "Headquarters or base established",
    "MOB_VIOL": "Mob violence",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory",
    "OTHER": "Other",
    "PEACE_PROTEST": "Peaceful protest",
    "PROPERTY_DISTRUCT": "Looting/property destruction",
    "PROTEST_WITH_INTER": "Protest with intervention",
    "REM_EXPLOS": "Remote explosive/landmine/IED",
    "SEX_VIOL": "Sexual violence",
    "SUIC_BOMB": "Suicide bomb",
    "VIOL_DEMONSTR": "Violent demonstration",
}
# Reports of something that ACLED does not code as an event.
NOT_CONFLICT = ("ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER")
NON_ACLED = NOT_CONFLICT + ("DIPLO", "ATTRIB")
ALL_CODES: tuple[str, ...] = tuple(sorted(ACLED_CODES)) + NON_ACLED

CODE_FOR_SUB_TYPE = {name.lower(): code for code, name in ACLED_CODES.items()}


def code_for(label: str) -> str | None:
    """A CASE code for a CASE code or an ACLED sub-event type name, in any case."""
    text = label.strip()
    if text.upper() in ALL_CODES:
        return text.upper()
    return CODE_FOR_SUB_TYPE.get(text.lower())


def sub_event_type(code: str) -> str | None:
    return ACLED_CODES.get(code)
