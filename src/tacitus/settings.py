"""Settings, built once at the edge (CLI, app factory) and passed down."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    db_url: str = "sqlite:///tacitus.db"
    cache_dir: Path | None = None  # gazetteer index lives here; None = the user cache dir
    debug: bool = False

    @classmethod
    def from_env(cls, db: str | None = None, debug: bool = False) -> "Settings":
        url = db or os.environ.get("TACITUS_DB") or "sqlite:///tacitus.db"
        cache = os.environ.get("TACITUS_CACHE")
        return cls(db_url=normalise_db_url(url), cache_dir=Path(cache) if cache else None, debug=debug)


def normalise_db_url(url: str) -> str:
    """Accept a bare file path as an SQLite database."""
    if "://" in url:
        return url
    return f"sqlite:///{url}"
