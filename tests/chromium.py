"""Debian's Chromium driven by Playwright, for the tests that look at pages in a real browser."""

from __future__ import annotations

import contextlib
import resource
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}; apt-get install chromium")


def _check_address_space() -> None:
    """Chromium reserves hundreds of GB of address space up front (V8's sandbox, PartitionAlloc's
    pools; it is not memory) and dies with SIGTRAP under a `ulimit -v` of a few or even 80 GB."""
    soft, _hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft != resource.RLIM_INFINITY and soft < 2**40:
        pytest.skip(f"Chromium cannot start under this run's address-space limit (ulimit -v {soft // 1024}); "
                    "run this test without it")


@contextlib.contextmanager
def launched():
    """A headless Chromium, closed afterwards (the test is skipped when it cannot start here)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the dev extra")
    _check_address_space()
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield b
        finally:
            b.close()
