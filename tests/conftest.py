from __future__ import annotations

import datetime as dt
import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "article.txt"
# The whole suite runs a second time against PostgreSQL when this names a server's database URL,
# e.g. postgresql+psycopg://tacitus:tacitus@127.0.0.1/postgres (see .ci/run).
TEST_DB = os.environ.get("TACITUS_TEST_DB", "").strip()


class Databases:
    """Fresh, empty databases for tests: SQLite files under a temporary folder, or, when
    TACITUS_TEST_DB is set, new databases on that PostgreSQL server, dropped at the end."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.names: list[str] = []
        self._n = itertools.count(1)
        self._admin = None
        if TEST_DB:
            from sqlalchemy import create_engine

            self._admin = create_engine(TEST_DB, isolation_level="AUTOCOMMIT", future=True)

    @property
    def backend(self) -> str:
        return "postgresql" if self._admin is not None else "sqlite"

    def new(self, name: str = "t") -> str:
        """The URL of a new empty database."""
        n = next(self._n)
        if self._admin is None:
            return f"sqlite:///{self.folder / f'{name}-{n}.db'}"
        from sqlalchemy import text
        from sqlalchemy.engine import make_url

        db = f"tacitus_test_{os.getpid()}_{n}"
        with self._admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{db}"'))
        self.names.append(db)
        return make_url(TEST_DB).set(database=db).render_as_string(hide_password=False)

    def close(self) -> None:
        if self._admin is None:
            return
        from sqlalchemy import text

        with self._admin.connect() as conn:
            for db in self.names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)'))
        self._admin.dispose()


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    dbs = Databases(tmp_path_factory.mktemp("databases"))
    yield dbs
    dbs.close()


@pytest.fixture
def db_url(databases) -> str:
    """A new empty database for this test (SQLite, or PostgreSQL under TACITUS_TEST_DB)."""
    return databases.new()


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
def sample_jsonl() -> Path:
    """examples/sample.jsonl, the bundled reports as one JSONL file; made as `make run` makes it
    when a fresh clone has none yet."""
    sample = ROOT / "examples" / "sample.jsonl"
    if not sample.exists():
        subprocess.run([sys.executable, str(ROOT / "examples" / "make_sample.py")], check=True, timeout=60)
    return sample


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
