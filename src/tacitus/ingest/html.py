"""Article text and metadata from an HTML page (trafilatura)."""

from __future__ import annotations

import datetime as dt

from tacitus.errors import EmptyInput
from tacitus.ingest.files import make_article, parse_date
from tacitus.ingest.text import check_text
from tacitus.records import Article


def article_from_html(
    html: str,
    *,
    name: str,
    published: dt.date | None = None,
    url: str | None = None,
    path: str | None = None,
) -> Article:
    import trafilatura

    text = trafilatura.extract(html, url=url, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        raise EmptyInput(f"{name}: no article text found in this page; give the page of a single news report")
    meta = trafilatura.extract_metadata(html, default_url=url)
    title = meta.title if meta else None
    page_date = None
    if meta and meta.date:
        try:
            page_date = parse_date(meta.date, name)
        except Exception:  # noqa: BLE001 - a page's odd date string is not the user's error
            page_date = None
    source = (meta.sitename or meta.hostname) if meta else None
    return make_article(
        check_text(text, name),
        title=title,
        published=published or page_date,
        url=url or (meta.url if meta else None),
        source=source,
        path=path,
    )
