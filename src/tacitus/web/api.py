"""Routes under /api.  Each parses its input, calls one function of `queries` (or the writer),
and formats the answer; event records are exactly those of `tacitus events --format json`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from tacitus.cli import output
from tacitus.errors import InputError, SourceError
from tacitus.store import Store
from tacitus.store.watching import WatchStore
from tacitus.web import queries
from tacitus.web.params import Format, Limit, Offset, Sort, event_filters, period_filters
from tacitus.web.queries import Filters
from tacitus.web.schemas import (
    ActorRow, AlertRow, ArticleIn, Created, EventDetail, EventsPage, Problem, Stats,
)
from tacitus.web.write import authorised

BAD = {422: {"model": Problem, "description": "A parameter is invalid; the message names it."}}
router = APIRouter(prefix="/api", responses=BAD)


def store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(store)]
FiltersDep = Annotated[Filters, Depends(event_filters)]

FORMATS = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}},
                      "application/geo+json": {"schema": {"type": "object"}}},
          "description": "json: a page of records; csv: one row per event; geojson: a FeatureCollection."},
}


@router.get("/events", response_model=EventsPage, responses=FORMATS, summary="Events matching the filters")
def list_events(s: StoreDep, f: FiltersDep, sort: Sort = "-event_date", limit: Limit = 100, offset: Offset = 0,
                format: Format = "json") -> Response:  # noqa: A002 - the query parameter's public name
    total, events = queries.query_events(s.engine, f, sort, limit, offset)
    if format == "csv":
        return Response(output.to_csv(events), media_type="text/csv",
                        headers={"Content-Disposition": 'attachment; filename="events.csv"'})
    if format == "geojson":
        return Response(output.to_geojson(events), media_type="application/geo+json")
    return JSONResponse({"total": total, "limit": limit, "offset": offset,
                         "events": [output.record(e) for e in events]})


@router.get("/events/{event_id}", response_model=EventDetail, summary="One event with its reports and articles",
            responses={404: {"model": Problem, "description": "No event has this id or prefix."}})
def event_detail(s: StoreDep, event_id: Annotated[str, Path(max_length=64,
                                                            description="An event id or its first characters.")]
                 ) -> JSONResponse:
    found = s.ids_starting(event_id)
    if len(found) != 1:
        more = "; more than one event id starts so, give more characters" if found else ""
        raise HTTPException(404, f"no event {event_id!r}{more}")
    detail = s.event_detail(found[0])
    record = detail["event"]
    ids = list(dict.fromkeys([*record.get("article_ids", []), *(r["article_id"] for r in detail["reports"])]))
    texts = queries.article_texts(s.engine, ids)
    detail["articles"] = [
        {"id": aid, **texts[aid], "spans": [
            {k: ev[k] for k in ("field", "start", "end", "text")}
            for ev in record.get("evidence", []) if ev["article_id"] == aid]}
        for aid in ids if aid in texts]
    return JSONResponse(detail)


@router.get("/stats", response_model=Stats, summary="Counts and fatalities by day, type and country")
def stats(s: StoreDep, f: FiltersDep) -> JSONResponse:
    return JSONResponse(queries.stats(s.engine, f))


@router.get("/actors", response_model=list[ActorRow], summary="Actors 1 and 2 of the events, most active first")
def actors(s: StoreDep, f: Annotated[Filters, Depends(period_filters)], limit: Limit = 100) -> JSONResponse:
    return JSONResponse(queries.actor_stats(s.engine, f, limit))


@router.get("/alerts", response_model=list[AlertRow], summary="Alerts fired by the watcher, newest first")
def alerts(s: StoreDep, limit: Limit = 100) -> JSONResponse:
    rows = WatchStore(s).alerts()[::-1][:limit]
    for r in rows:  # stored as naive UTC; said so, as RFC 3339 wants
        r["fired_at"] = r["fired_at"].replace(tzinfo=dt.timezone.utc).isoformat()
    return JSONResponse(rows)


@router.post("/articles", status_code=201, response_model=Created, dependencies=[Depends(authorised)],
             summary="Extract the events of one article and store them",
             responses={400: {"model": Problem, "description": "The body is not UTF-8 text."},
                        401: {"model": Problem, "description": "Missing or wrong bearer token."},
                        403: {"model": Problem, "description": "The server has no token: writing is off."},
                        413: {"model": Problem, "description": "The body is larger than 2 MB."},
                        422: {"model": Problem, "description": "Bad input, or the URL could not be read."}})
async def add_article(request: Request, body: ArticleIn) -> JSONResponse:
    try:
        result = await run_in_threadpool(request.app.state.writer.add, body)
    except (InputError, SourceError) as exc:
        raise HTTPException(422, str(exc)) from None
    result["events"] = [output.record(e) for e in result["events"]]
    return JSONResponse(result, status_code=201)
