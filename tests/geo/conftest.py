from __future__ import annotations

import pytest

from tacitus.geo.gazetteer import Gazetteer, default_index_path


@pytest.fixture(scope="session")
def gaz():
    """The real index, built once into the user cache (about 20 s) and reused
    by later test runs; a schema change bumps the file name and rebuilds it."""
    g = Gazetteer.open(default_index_path(), build_if_missing=True)
    yield g
    g.close()
