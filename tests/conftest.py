from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "article.txt"


@pytest.fixture(scope="session", autouse=True)
def _own_settings(tmp_path_factory):
    """Tests never read or write the developer's own settings file or trained models."""
    mp = pytest.MonkeyPatch()
    home = tmp_path_factory.mktemp("tacitus-home")
    mp.setenv("TACITUS_CONFIG", str(home / "settings.yaml"))
    mp.setenv("TACITUS_DATA", str(home / "data"))
    mp.delenv("TACITUS_CLASSIFIER", raising=False)
    yield
    mp.undo()


@pytest.fixture(scope="session")
def pipeline():
    from tacitus.pipeline import Pipeline

    pipe = Pipeline()
    pipe.warm()
    return pipe


@pytest.fixture(scope="session")
def seed_events(pipeline):
    if not SEED.exists():
        pytest.skip(f"the seed report is not here ({SEED}); it comes with the project's shared folder")
    from tacitus.ingest.files import read_text_file

    article = read_text_file(SEED, published=dt.date(2024, 12, 2))
    return article, pipeline.events_for(article)


@pytest.fixture
def site():
    """A real HTTP server on 127.0.0.1 (see tests/httpsite.py), closed after the test."""
    from httpsite import Site

    server = Site()
    yield server
    server.close()
