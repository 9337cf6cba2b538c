"""Settings, built once at the edge (CLI, app factory) and passed down.

Sources, strongest first: command-line options, environment variables (TACITUS_DB,
TACITUS_CACHE, TACITUS_CLASSIFIER, TACITUS_API_TOKEN), then the settings file
(`<user config dir>/tacitus/settings.yaml`, or $TACITUS_CONFIG), which commands such as
`tacitus train classify` write to.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml
from platformdirs import user_config_dir, user_data_dir

from tacitus.errors import InputError


@dataclass(frozen=True)
class Settings:
    db_url: str = "sqlite:///tacitus.db"
    cache_dir: Path | None = None  # gazetteer index lives here; None = the user cache dir
    classifier: Path | None = None  # event classifier model; None = the packaged one
    debug: bool = False
    api_token: str | None = None  # bearer token for the API's write endpoints; None: writing is off

    @classmethod
    def from_env(cls, db: str | None = None, debug: bool = False, classifier: str | None = None) -> "Settings":
        stored = read_settings_file()
        url = db or os.environ.get("TACITUS_DB") or stored.get("db") or "sqlite:///tacitus.db"
        cache = os.environ.get("TACITUS_CACHE") or stored.get("cache")
        model = classifier or os.environ.get("TACITUS_CLASSIFIER") or stored.get("classifier")
        return cls(db_url=normalise_db_url(url), cache_dir=Path(cache) if cache else None,
                   classifier=Path(model) if model else None, debug=debug,
                   api_token=os.environ.get("TACITUS_API_TOKEN") or None)


def normalise_db_url(url: str) -> str:
    """Accept a bare file path as an SQLite database."""
    if "://" in url:
        return url
    return f"sqlite:///{url}"


def shown_url(url: str) -> str:
    """A database URL without its password, fit to print in a message or a report."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def settings_path() -> Path:
    return Path(os.environ.get("TACITUS_CONFIG") or Path(user_config_dir("tacitus")) / "settings.yaml")


def models_dir() -> Path:
    return Path(os.environ.get("TACITUS_DATA") or user_data_dir("tacitus")) / "models"


def read_settings_file() -> dict:
    path = settings_path()
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a valid settings file ({exc.__class__.__name__}); fix or delete it") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected `key: value` lines; fix or delete it")
    return data


def update_settings_file(**values) -> Path:
    """Set keys in the settings file (None removes a key), written whole or not at all."""
    path = settings_path()
    data = read_settings_file()
    for k, v in values.items():
        if v is None:
            data.pop(k, None)
        else:
            data[k] = str(v)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(yaml.safe_dump(data, sort_keys=True), "utf-8")
    tmp.replace(path)
    return path
