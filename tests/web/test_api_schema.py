"""Property tests of the API against its own OpenAPI schema (schemathesis): whatever values
the schema allows, or nearly allows, no request is a server error and every answer has a
documented status, content type and shape."""

from __future__ import annotations

import httpx
import pytest
import schemathesis
from schemathesis import GenerationMode
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance, not_a_server_error, response_schema_conformance, status_code_conformance,
)

from tacitus.settings import Settings
from tacitus.store.watching import WatchStore
from tacitus.web.app import create_app
from tests.web.stores import examples_store

TOKEN = "schema-token"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
SETTINGS = dict(deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


@pytest.fixture(scope="module")
def offline_web():
    """Generated URLs are fetched from a transport that answers 404, never from the network."""
    import tacitus.ingest.web as web

    mp = pytest.MonkeyPatch()
    mp.setattr(web, "default_client", lambda timeout=20.0: httpx.Client(
        transport=httpx.MockTransport(lambda request: httpx.Response(404))))
    yield
    mp.undo()


@pytest.fixture(scope="module")
def api_schema(databases, pipeline, offline_web):
    store = examples_store(databases.new("schema"), pipeline)
    first = store.events()[0]
    WatchStore(store).fire("anything", first.event_id, "a test alert", ["log"])
    app = create_app(Settings(db_url=store.url, api_token=TOKEN), pipeline=pipeline)
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    store.close()


# Each operation's strategy is driven from a plain test: schemathesis's own pytest plugin
# (`from_fixture`) does not run under this pytest.
READS = ["/api/events", "/api/events/{event_id}", "/api/stats", "/api/actors", "/api/alerts"]
MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]


def _explore(operation, mode, max_examples, **call):
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=max_examples, **SETTINGS)
    def run(case):
        case.call_and_validate(checks=CHECKS, **call)

    run()


def test_every_read_is_explored(api_schema):
    gets = {op.ok().path for op in api_schema.get_all_operations() if op.ok().method.upper() == "GET"}
    assert gets == set(READS)


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
@pytest.mark.parametrize("path", READS)
def test_reads_never_fail_and_answer_as_documented(api_schema, path, mode):
    _explore(api_schema[path]["GET"], mode, 50)


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
def test_writes_with_the_token_never_fail_and_answer_as_documented(api_schema, mode):
    _explore(api_schema["/api/articles"]["POST"], mode, 25, headers={"Authorization": f"Bearer {TOKEN}"})


def test_the_schema_documents_the_answers_the_dashboard_reads(api_schema):
    raw = api_schema.raw_schema
    events = raw["paths"]["/api/events"]["get"]
    assert {p["name"] for p in events["parameters"]} == {
        "since", "until", "country", "admin1", "event_type", "sub_event_type", "actor", "bbox", "q", "sort",
        "limit", "offset", "format"}
    assert set(events["responses"]["200"]["content"]) == {"application/json", "text/csv", "application/geo+json"}
    post = raw["paths"]["/api/articles"]["post"]
    assert {"201", "401", "403", "413", "422"} <= set(post["responses"])
