"""`tacitus serve` as a user runs it: a real server process on a free port, asked over real
HTTP, stopped with Ctrl-C (SIGINT)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest

from tests.web.stores import examples_store

TOKEN = "serve-token"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def db(databases, pipeline):
    url = databases.new("serve")
    examples_store(url, pipeline).close()
    return url


def _start(db: str, port: int, **env) -> subprocess.Popen:
    # Started as a background job is: with SIGINT ignored, which the server must undo for Ctrl-C to work.
    return subprocess.Popen([sys.executable, "-m", "tacitus", "serve", "--db", db, "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **env},
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))


def _wait(proc: subprocess.Popen, base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        try:
            if httpx.get(f"{base}/api/events", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    pytest.fail(f"tacitus serve did not answer at {base} within 60 s")


@pytest.fixture
def server(db):
    port = _free_port()
    proc = _start(db, port, TACITUS_API_TOKEN=TOKEN)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(proc, base)
        yield proc, base
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


def test_serve_answers_over_http_and_stops_cleanly_on_ctrl_c(server):
    proc, base = server
    events = httpx.get(f"{base}/api/events", params={"country": "SOM"}, timeout=10)
    assert events.status_code == 200
    (clash,) = events.json()["events"]
    assert clash["location"]["name"] == "Beledweyne"
    page = httpx.get(f"{base}/", timeout=10)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert httpx.get(f"{base}/openapi.json", timeout=10).json()["info"]["title"] == "tacitus"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert out.splitlines()[0] == f"tacitus dashboard: {base}/"
    assert "writing on" in err and "Traceback" not in err


def test_a_body_over_the_limit_is_refused_over_real_http(server):
    proc, base = server

    def chunks():  # no Content-Length: the server counts what arrives
        for _ in range(64):
            yield b"x" * 65536

    try:
        r = httpx.post(f"{base}/api/articles", content=chunks(), timeout=30,
                       headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
        assert r.status_code == 413
    except httpx.TransportError:
        pass  # the server may answer and close while the client is still sending; either way nothing is read
    declared = httpx.post(f"{base}/api/articles", content=b"x" * (3 * 1024 * 1024), timeout=30,
                          headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    assert declared.status_code == 413
    assert httpx.get(f"{base}/api/events", timeout=10).status_code == 200  # and the server goes on


def test_a_taken_port_is_a_one_line_error(db):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        proc = _start(db, taken.getsockname()[1])
        out, err = proc.communicate(timeout=60)
    assert proc.returncode != 0 and "--port" in err and "Traceback" not in err
    assert "tacitus dashboard" not in out
