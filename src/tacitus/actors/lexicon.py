"""Words that make generic actors: head nouns, modifiers, titles.

A generic actor is `[X-backed | pro-X] [country/leader['s]] [modifiers] noun`.
Head nouns either fix the actor kind ("protesters") or take it from their
modifiers and country ("forces": "rebel forces" vs "Syrian forces").
"""

from __future__ import annotations

# Nouns whose kind does not depend on the modifiers. True = may stand alone
# ("police said"), False = needs a country, backer or modifier ("officials").
FIXED_NOUNS: dict[str, dict[str, bool]] = {
    "rebels": {
        "rebels": True, "rebel": True, "insurgents": True, "insurgent": True, "militants": True,
        "militant": True, "jihadists": True, "jihadist": True, "jihadis": True, "guerrillas": True,
        "guerrilla": True, "separatists": True, "separatist": True, "insurgency": True,
        "opposition fighters": True, "rebel fighters": True, "extremists": True, "terrorists": True,
        "Islamists": True, "mujahideen": True,
    },
    "militia": {
        "militias": True, "militia": True, "militiamen": True, "militia members": True,
        "paramilitaries": True, "paramilitary forces": True, "vigilantes": True, "vigilante groups": True,
        "self-defense groups": True, "self-defence groups": True,
    },
    "police": {
        "police": True, "policemen": True, "police officers": True, "police officer": True,
        "policeman": True, "gendarmes": True, "gendarmerie": True, "police force": True,
        "police forces": True, "riot police": True, "security personnel": False,
    },
    "government": {
        "government": True, "regime": True, "authorities": True, "administration": False,
        "cabinet": False, "officials": False, "official": False, "leadership": False, "leader": False,
        "president": False, "presidency": False, "prime minister": False, "foreign minister": False,
        "defence minister": False, "defense minister": False, "interior minister": False,
        "foreign ministry": False, "defence ministry": False, "defense ministry": False,
        "interior ministry": False, "ministry of defence": False, "ministry of defense": False,
        "ministry of foreign affairs": False, "minister": False, "ministry": False,
        "supreme leader": False, "foreign secretary": False, "defence secretary": False,
        "defense secretary": False, "secretary of state": False, "diplomats": False, "envoy": False,
        "ambassador": False, "spokesman": False, "spokesperson": False, "junta": True,
    },
    "civilians": {
        "civilians": True, "civilian": True, "residents": True, "villagers": True, "farmers": True,
        "herders": True, "worshippers": True, "worshipers": True, "children": True, "women": True,
        "schoolchildren": True, "students": True, "journalists": True, "journalist": True,
        "aid workers": True, "humanitarian workers": True, "health workers": True, "doctors": True,
        "medics": True, "teachers": True, "displaced people": True, "displaced persons": True,
        "IDPs": True, "refugees": True, "migrants": True, "pilgrims": True, "fishermen": True,
        "passengers": True, "shoppers": True, "traders": True, "miners": True, "inhabitants": True,
        "families": True, "locals": True, "bystanders": True, "patients": True, "motorists": True,
        "truck drivers": True, "mourners": True, "hostages": True,
        "settlers": False, "nationals": False, "citizens": False,
    },
    "protesters": {
        "protesters": True, "protestors": True, "demonstrators": True, "marchers": True,
        "students protesting": True,
    },
    "rioters": {"rioters": True, "mob": True, "mobs": True, "looters": True, "angry mob": True},
    "unidentified": {
        "gunmen": True, "gunman": True, "assailants": True, "assailant": True, "attackers": True,
        "bandits": True, "kidnappers": True, "abductors": True, "armed men": True,
        "armed group": True, "armed groups": True, "unidentified armed men": True,
        "unidentified gunmen": True, "unknown gunmen": True, "unidentified assailants": True,
        "unknown assailants": True, "unidentified attackers": True, "suicide bomber": True,
        "suicide bombers": True,
    },
}

# Nouns that take their kind from modifiers; with only a country they are state forces.
# True = may stand alone as the state forces of an unnamed country ("the army").
FORCE_NOUNS: dict[str, bool] = {
    "army": True, "armies": False, "troops": True, "soldiers": True, "soldier": True, "military": True,
    "servicemen": True, "armed forces": True, "forces": False, "force": False, "units": False,
    "personnel": False, "warplanes": False, "warplane": False, "jets": False, "fighter jets": False,
    "aircraft": False, "helicopters": False, "helicopter gunships": False, "drones": False,
    "navy": False, "air force": False, "air forces": False, "artillery": False, "tanks": False,
    "warships": False, "gunboats": False, "battalions": False, "brigades": False, "commandos": False,
    "special forces": False, "paratroopers": False, "marines": False, "border guards": False,
    "national guard": False, "coast guard": False, "security forces": True, "security services": False,
    "intelligence services": False, "defense forces": False, "defence forces": False, "fighters": False,
    "group": False, "groups": False, "elements": False, "factions": False, "men": False,
    "cells": False, "loyalists": False,
}
# Of the force nouns, those that with only a country stay non-state ("Iraqi fighters").
NONSTATE_FORCE_NOUNS = frozenset({"fighters", "group", "groups", "elements", "factions", "men", "cells", "loyalists"})

# Modifiers between the country and the head noun; a value sets the kind of force nouns.
MODIFIERS: dict[str, str | None] = {
    "opposition": "rebels", "rebel": "rebels", "insurgent": "rebels", "separatist": "rebels",
    "militant": "rebels", "jihadist": "rebels", "jihadi": "rebels", "Islamist": "rebels",
    "anti-government": "rebels", "guerrilla": "rebels", "terrorist": "rebels", "extremist": "rebels",
    "government": "state_forces", "regime": "state_forces", "state": "state_forces",
    "army": "state_forces", "military": "state_forces", "security": "state_forces",
    "junta": "state_forces", "ground": "state_forces", "air": "state_forces", "naval": "state_forces",
    "federal": "state_forces", "elite": "state_forces", "special": "state_forces",
    "national": None, "defence": "state_forces", "defense": "state_forces",
    "riot": "police", "police": "police", "traffic": "police",
    "pro-government": "militia", "pro-regime": "militia", "tribal": "militia", "ethnic": "militia",
    "communal": "militia", "local": None, "allied": None, "loyalist": None, "paramilitary": "militia",
    "armed": "unidentified", "unidentified": "unidentified", "unknown": "unidentified",
    "masked": "unidentified", "suspected": None, "heavily armed": "unidentified",
    "Shia": None, "Shiite": None, "Shi'ite": None, "Sunni": None, "Kurdish": None, "Arab": None,
    "Druze": None, "Alawite": None, "Christian": None, "Muslim": None, "Islamic": None,
    "foreign": None, "proxy": None, "border": None, "peacekeeping": None, "coalition": None,
    "beleaguered": None, "retreating": None, "advancing": None, "angry": None,
}

BACKING_VERBS = ("backed", "sponsored", "supported", "funded", "armed", "allied", "aligned", "trained", "led")
# "IS" is an acronym only before these words; elsewhere it is the verb.
IS_CONTEXT = (
    "fighters", "militants", "jihadists", "group", "cell", "cells", "members", "operatives", "gunmen",
    "suicide", "attack", "attacks", "claimed", "affiliate", "affiliates", "loyalists", "remnants",
    "insurgents", "recruits", "commander", "commanders", "leader", "leaders", "emir", "propaganda",
    "stronghold", "strongholds", "territory", "sleeper", "detainees", "prisoners", "militant",
    "fighter", "bomber", "bombers", "supporters", "sympathisers", "sympathizers", "wives", "families",
)
IS_HYPHEN_CONTEXT = ("claimed", "held", "linked", "affiliated", "aligned", "inspired", "controlled", "allied")
# Titles before a leader's name; the name alone decides the country.
TITLES = (
    "President", "Prime Minister", "PM", "Foreign Minister", "Defence Minister", "Defense Minister",
    "Interior Minister", "Minister", "Supreme Leader", "King", "Crown Prince", "Chancellor", "General",
    "Gen.", "Field Marshal", "Secretary of State", "Defense Secretary", "Defence Secretary",
    "Foreign Secretary", "Ayatollah", "Sheikh", "Emir", "leader", "Leader", "Vice President",
    "interim President", "Colonel", "Col.", "Captain", "Capt.", "spokesman", "Spokesman",
    "president", "prime minister", "foreign minister", "defence minister", "defense minister",
)

# Words after which an unqualified "military"/"government"/"police" is an adjective
# ("military efforts", "government control"), not an actor.
# Not listed, on purpose: positions, bases, convoys, checkpoints, barracks and
# headquarters. Striking "rebel positions" strikes the rebels.
NON_AGENT_HEADS = frozenset("""
efforts effort operations operation campaign campaigns action actions  aid support equipment
vehicle vehicles control territory territories areas area building buildings offices office
station stations installations facilities facility sites site spending
budget policy policies strategy service services academy hospital court courts coup rule intervention
presence assistance exercises drills analysts experts capabilities capacity power hardware targets target
airport airports zone zones spokesman sources source buildup build-up
""".split())
