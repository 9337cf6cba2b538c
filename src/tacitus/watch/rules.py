"""Alert rules, read from YAML and checked before the watcher starts.

    rules:
      - name: mass casualties in Syria
        when: {country: SYR, fatalities_at_least: 10}
        notify: [{webhook: "http://127.0.0.1:9000/hook"}]
      - name: escalation in Idlib
        when: {admin1: Idlib, spike: {window: 7d, baseline: 28d, factor: 2}}
        notify: [{email: analyst@example.org}]
    smtp: {host: localhost, port: 25, from: tacitus@example.org}
    link: "http://127.0.0.1:8000/events/{event_id}"

Every condition of a rule must hold.  A mistake in the file is reported before anything is
fetched, in one line that names the rule and the field, because a watcher that starts and
then silently never alerts is worse than one that refuses to start.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tacitus.errors import InputError

_DURATION = re.compile(r"^\s*(\d+)\s*(s|m|h|d|w)\s*$")
_UNIT = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_duration(text: str, what: str = "duration") -> dt.timedelta:
    """ "10m", "7d", "2w" -> timedelta."""
    m = _DURATION.match(str(text))
    if not m or int(m.group(1)) == 0:
        raise InputError(f"{what} must be a number and a unit (s, m, h, d or w), e.g. 10m or 7d; got {text!r}")
    return dt.timedelta(**{_UNIT[m.group(2)]: int(m.group(1))})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


def _as_list(value):
    if value is None or isinstance(value, list):
        return value
    return [value]


class Circle(_Strict):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    km: float = Field(gt=0)


class Spike(_Strict):
    window: str = "7d"
    baseline: str = "28d"
    factor: float = Field(2.0, gt=0)
    measure: Literal["events", "fatalities"] = "events"
    min_count: int = Field(3, ge=1)  # fewer events (or deaths) than this in the window is not a spike

    @field_validator("window", "baseline")
    @classmethod
    def _days(cls, v: str) -> str:
        try:
            days = parse_duration(v, "a spike window")
        except InputError as exc:
            raise ValueError(str(exc)) from None
        if days < dt.timedelta(days=1):
            raise ValueError("spike windows are counted in days, e.g. 7d")
        return v

    @property
    def window_days(self) -> int:
        return parse_duration(self.window).days

    @property
    def baseline_days(self) -> int:
        return parse_duration(self.baseline).days


class When(_Strict):
    country: list[str] | None = None  # ISO3 codes (names are accepted and turned into codes)
    admin1: list[str] | None = None
    near: Circle | None = None
    event_types: list[str] | None = None  # ACLED event types, sub-event types or disorder types
    actors: list[str] | None = None  # any part of an actor's name, case-insensitive
    fatalities_at_least: int | None = Field(None, ge=0)
    new_actor: bool = False
    spike: Spike | None = None

    _lists = field_validator("country", "admin1", "event_types", "actors", mode="before")(_as_list)

    @field_validator("country")
    @classmethod
    def _iso3(cls, values: list[str] | None) -> list[str] | None:
        from tacitus.ontology.countries import country_by_iso3, lookup_country

        if values is None:
            return None
        out = []
        for v in values:
            try:
                out.append(country_by_iso3(str(v)).iso3)
                continue
            except KeyError:
                pass
            c = lookup_country(str(v))
            if c is None:
                raise ValueError(f"unknown country {v!r}; give an ISO3 code such as SYR")
            out.append(c.iso3)
        return out


class Channel(_Strict):
    webhook: str | None = None
    email: str | None = None
    log: bool = False

    @model_validator(mode="after")
    def _one(self) -> "Channel":
        if sum(x is not None and x is not False for x in (self.webhook, self.email, self.log or None)) != 1:
            raise ValueError("each notify entry is one of {webhook: URL}, {email: ADDRESS} or {log: true}")
        if self.webhook is not None and not re.match(r"^https?://[^\s/]+", self.webhook):
            raise ValueError(f"webhook {self.webhook!r} is not an http(s) address")
        if self.email is not None and not re.match(r"^[^@\s]+@[^@\s]+$", self.email):
            raise ValueError(f"email {self.email!r} is not an address")
        return self

    @property
    def label(self) -> str:
        if self.webhook:
            return f"webhook {self.webhook}"
        if self.email:
            return f"email {self.email}"
        return "log"


class Smtp(_Strict):
    host: str = "localhost"
    port: int = 25
    sender: str = Field("tacitus@localhost", alias="from")
    user: str | None = None
    password_env: str | None = None  # the name of the environment variable holding the password
    starttls: bool = False
    timeout: float = 20.0


class Rule(_Strict):
    name: str = Field(min_length=1)
    when: When
    notify: list[Channel] = Field(default_factory=lambda: [Channel(log=True)])


class RuleSet(_Strict):
    rules: list[Rule] = Field(default_factory=list)
    smtp: Smtp | None = None
    link: str = "http://127.0.0.1:8000/events/{event_id}"

    @model_validator(mode="after")
    def _unique(self) -> "RuleSet":
        seen: set[str] = set()
        for r in self.rules:
            if r.name in seen:
                raise ValueError(f"two rules are named {r.name!r}; alerts are recorded by rule name, so names must differ")
            seen.add(r.name)
        if any(c.email for r in self.rules for c in r.notify) and self.smtp is None:
            raise ValueError("a rule sends email but there is no smtp: {host, port, from} section")
        return self


def load_rules(path: Path) -> RuleSet:
    """The rule file, checked; every problem is an InputError naming the file and the rule."""
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such rules file; check the --rules path") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 1}" if where is not None else ""
        raise InputError(f"{path}: not valid YAML{at}; fix the file (see 'Alert rules' in the README)") from None
    if not isinstance(data, dict) or "rules" not in data:
        raise InputError(f"{path}: expected a 'rules:' list at the top (see 'Alert rules' in the README)")
    try:
        return RuleSet.model_validate(data)
    except ValidationError as exc:
        raise InputError(f"{path}: {_first_problem(exc, data)}") from None


def _first_problem(exc: ValidationError, data: dict) -> str:
    err = exc.errors()[0]
    loc = list(err["loc"])
    where = ""
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
        rules = data.get("rules") or []
        name = rules[loc[1]].get("name") if loc[1] < len(rules) and isinstance(rules[loc[1]], dict) else None
        where = f"rule {loc[1] + 1}" + (f" ({name!r})" if name else "") + ": "
        loc = loc[2:]
    field = ".".join(str(p) for p in loc if not isinstance(p, int))
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        msg = f"unknown field {field!r}; " + _known(loc)
        field = ""
    return f"{where}{field + ': ' if field else ''}{msg}"


def _known(loc: list) -> str:
    models = {"when": When, "notify": Channel, "spike": Spike, "near": Circle, "smtp": Smtp}
    parent = next((models[p] for p in reversed(loc[:-1]) if p in models), Rule if loc[:-1] else RuleSet)
    names = [f.alias or n for n, f in parent.model_fields.items()]
    return "known: " + ", ".join(names)
