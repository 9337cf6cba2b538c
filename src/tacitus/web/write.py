"""POST /api/articles behind its token: an article from text or a URL, through the pipeline, into the store."""

from __future__ import annotations

import hmac
import threading

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from tacitus.records import Article
from tacitus.settings import Settings
from tacitus.store import Store
from tacitus.web import queries
from tacitus.web.schemas import ArticleIn

WRITING_OFF = "writing is off: start the server with TACITUS_API_TOKEN set"
bearer = HTTPBearer(auto_error=False, description="The server's TACITUS_API_TOKEN.")


def authorised(request: Request, cred: HTTPAuthorizationCredentials | None = Depends(bearer)) -> None:
    token = request.app.state.settings.api_token
    if not token:
        raise HTTPException(403, WRITING_OFF)
    # compare_digest on bytes: the time taken says nothing about how much of the token was right.
    if cred is None or not hmac.compare_digest(cred.credentials.encode(), token.encode()):
        raise HTTPException(401, "missing or wrong token: send Authorization: Bearer <TACITUS_API_TOKEN>",
                            headers={"WWW-Authenticate": "Bearer"})


class Writer:
    """Holds the pipeline (loaded on the first write: reading needs no models) and does one write at a time,
    since spaCy is not thread-safe and concurrent resolution could split one real event in two."""

    def __init__(self, settings: Settings, store: Store, pipeline=None):
        self.settings = settings
        self.store = store
        self._pipeline = pipeline
        self._lock = threading.Lock()

    def _pipe(self):
        if self._pipeline is None:
            from tacitus.pipeline import Pipeline

            self._pipeline = Pipeline(self.settings)
        return self._pipeline

    def add(self, body: ArticleIn) -> dict:
        article = article_from(body)
        with self._lock:
            events = self._pipe().events_for(article)
            added = self.store.add(article, events)
        ids = list(dict.fromkeys(added.assigned.values()))
        return {"article_id": article.id, "stored": added.stored, "copy_of": added.copy_of,
                "events": queries.records(self.store.engine, ids)}


def article_from(body: ArticleIn) -> Article:
    """The article the body gives; InputError or SourceError when it cannot be had."""
    if body.url is not None:
        from tacitus.ingest.web import Fetcher, article_from_fetched, default_client

        with default_client() as client:
            fetched = Fetcher(client, delay=0.0, retries=2).get(body.url)
        return article_from_fetched(fetched, published=body.published, title=body.title, source=body.source)
    from tacitus.ingest.files import make_article
    from tacitus.ingest.text import check_text

    return make_article(check_text(body.text or "", "text"), title=body.title, published=body.published,
                        source=body.source)
