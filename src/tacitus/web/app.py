"""The web app: the REST API under /api, the dashboard at /, the basemap, and offline docs.

`create_app(settings)` opens one `Store` for the app; nothing is opened at import.
"""

from __future__ import annotations

import contextlib
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import SQLAlchemyError

from tacitus.errors import TacitusError
from tacitus.settings import Settings
from tacitus.store import Store
from tacitus.web import api, docs
from tacitus.web.limits import BodyLimit
from tacitus.web.write import Writer

STATIC = Path(__file__).resolve().parent / "static"
PLACEHOLDER = "<!doctype html><title>tacitus</title><p>tacitus: the dashboard is not installed; the API is at /api, " \
              "its docs at <a href=/docs>/docs</a>.</p>\n"
WHERE = ("query", "path", "body", "header", "cookie")


def create_app(settings: Settings, *, pipeline=None) -> FastAPI:
    """``pipeline``: an already loaded `Pipeline` to write with (else one is loaded on the first write)."""
    store = Store(settings.db_url)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        store.close()

    app = FastAPI(title="tacitus", version="0.1.0", docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Conflict events extracted from news reports: read them, or send an article.")
    app.state.settings = settings
    app.state.store = store
    app.state.writer = Writer(settings, store, pipeline)
    app.add_middleware(BodyLimit)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(SQLAlchemyError, _database_failed)
    app.add_exception_handler(TacitusError, _tacitus_failed)
    app.include_router(api.router)
    _pages(app)
    return app


def _pages(app: FastAPI) -> None:
    @app.get("/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return HTMLResponse(docs.page(app.openapi()))

    @app.get("/", include_in_schema=False)
    def dashboard() -> Response:
        index = STATIC / "index.html"
        return FileResponse(index) if index.is_file() else HTMLResponse(PLACEHOLDER)

    @app.get("/events/{event_id}", include_in_schema=False)
    def event_page(event_id: str) -> RedirectResponse:
        # Alerts link to /events/<id>; the dashboard opens the event named in ?event=.
        return RedirectResponse(f"/?event={quote(event_id, safe='')}")

    @app.get("/basemap/countries.geojson", include_in_schema=False)
    def basemap() -> Response:
        path = Path(str(resources.files("tacitus.geo") / "data" / "countries.geojson"))
        if not path.is_file():
            return JSONResponse({"detail": "the countries layer is not installed"}, status_code=404)
        return FileResponse(path, media_type="application/geo+json")

    if STATIC.is_dir():  # the dashboard may not be installed; the API works without it
        app.mount("/static", StaticFiles(directory=STATIC), name="static")


async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
    parts = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        where = loc[0] if loc else "body"
        field = ".".join(loc[1:] if where in WHERE else loc) or where
        msg = err.get("msg", "invalid")
        if err.get("type") == "json_invalid":
            field, msg = "body", f"not valid JSON ({err.get('ctx', {}).get('error', msg)})"
        msg = msg.removeprefix("Value error, ")
        parts.append(f"{field}: {msg[:1].lower()}{msg[1:]}")
    return JSONResponse({"detail": "; ".join(dict.fromkeys(parts))}, status_code=422)


async def _database_failed(_request: Request, exc: SQLAlchemyError) -> JSONResponse:
    first = (str(exc).splitlines() or [type(exc).__name__])[0]
    return JSONResponse({"detail": f"the database failed: {first}; check that it is reachable"}, status_code=503)


async def _tacitus_failed(_request: Request, exc: TacitusError) -> JSONResponse:
    # Input errors are answered by the routes; what arrives here is the server's own trouble (no gazetteer,
    # no model, a store that cannot be written), which its operator must fix.
    return JSONResponse({"detail": str(exc)}, status_code=503)
