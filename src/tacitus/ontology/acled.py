"""ACLED types and their PLOVER / CAMEO counterparts, read from acled.yaml."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import yaml


@dataclass(frozen=True)
class SubEventType:
    name: str
    event_type: str
    disorder_type: str
    plover: str
    cameo: str
    plover_mode: str | None = None


@functools.lru_cache(maxsize=1)
def sub_event_types() -> dict[str, SubEventType]:
    data = yaml.safe_load(resources.files("tacitus.ontology").joinpath("acled.yaml").read_text("utf-8"))
    out: dict[str, SubEventType] = {}
    for disorder, types in data.items():
        for event_type, subs in types.items():
            for name, codes in subs.items():
                out[name] = SubEventType(name, event_type, disorder, codes["plover"], codes["cameo"], codes.get("plover_mode"))
    return out


def event_types() -> list[str]:
    return sorted({s.event_type for s in sub_event_types().values()})


def lookup(sub_event_type: str) -> SubEventType:
    return sub_event_types()[sub_event_type]
