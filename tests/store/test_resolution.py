"""One event, many reports: articles from several outlets in, one event per real event out."""

from __future__ import annotations

import datetime as dt

import pytest

from tacitus.ingest.files import make_article
from tacitus.store import Store

WIRE = ("Syrian and Russian warplanes struck rebel-held areas of Idlib on Sunday, killing at least 10 civilians, "
        "a war monitor said. The raids hit a vegetable market and homes in the city of Idlib, rescuers said, "
        "and the death toll could rise as people remained under the rubble.")
REPORTS = [
    ("levant", "Levant Wire", dt.date(2024, 12, 1),
     "Airstrikes kill 10 in Idlib\n\n" + WIRE),
    ("monitor", "Observatory Bulletin", dt.date(2024, 12, 2),
     "Death toll from Idlib air raids rises to 14\n\nThe toll from Sunday's air raids on a market in Idlib city rose to "
     "14 on Monday, the monitoring group said, after rescuers pulled four more bodies from the rubble. "
     "Russian and Syrian government jets carried out the strikes."),
    ("daily", "Gulf Daily", dt.date(2024, 12, 2),
     "Market bombed in northwest Syria\n\nAt least 12 people were killed when warplanes bombed a crowded market "
     "in Idlib on 1 December, civil defence workers said on Monday."),
]
COPY = ("syndicated", "Mideast Herald", dt.date(2024, 12, 1), "From our wires\n\n" + WIRE)
LATER = ("thursday", "Levant Wire", dt.date(2024, 12, 5),
         "New airstrikes on Idlib\n\nSyrian government warplanes struck Idlib again on Thursday, killing three "
         "people near the city's main hospital, rescuers said.")


def _article(key, outlet, published, text):
    return make_article(text, article_id=key, published=published, source=outlet)


@pytest.fixture(scope="module")
def store(databases, pipeline):
    store = Store(databases.new("resolve"))
    for row in [*REPORTS, COPY, LATER]:
        article = _article(*row)
        store.add(article, pipeline.events_for(article))
    return store


def _strike(store, article_id):
    found = [e for e in store.events() if article_id in e.article_ids and e.sub_event_type == "Air/drone strike"]
    assert len(found) == 1, [(e.event_id, e.sub_event_type, e.article_ids) for e in store.events()]
    return found[0]


def test_three_outlets_one_event(store):
    ev = _strike(store, "levant")
    assert set(ev.article_ids) >= {"levant", "monitor", "daily"}
    assert ev.sources.outlets == 3 and ev.sources.articles == 3
    assert ev.location.name == "Idlib" and ev.event_date == dt.date(2024, 12, 1)
    assert (ev.first_reported, ev.last_reported) == (dt.date(2024, 12, 1), dt.date(2024, 12, 2))


def test_figures_from_every_report_are_kept(store):
    ev = _strike(store, "levant")
    # 10 on the first day; 14 and 12 the next: the latest reports' lowest figure is the best.
    assert (ev.fatalities.low, ev.fatalities.best, ev.fatalities.high) == (10, 12, 14)
    detail = store.event_detail(ev.event_id)
    figures = {r["article_id"]: r["fatalities"]["best"] for r in detail["reports"] if r["fatalities"]}
    assert figures == {"levant": 10, "monitor": 14, "daily": 12}


def test_a_syndicated_copy_adds_no_source(store):
    ev = _strike(store, "levant")
    assert "syndicated" not in ev.article_ids
    (copy,) = store.event_detail(ev.event_id)["copies"]
    assert copy["article_id"] == "syndicated" and copy["copy_of"] == "levant"


def test_same_town_another_day_is_another_event(store):
    assert _strike(store, "thursday").event_id != _strike(store, "levant").event_id


def test_every_merge_keeps_its_reasons(store):
    detail = store.event_detail(_strike(store, "levant").event_id)
    joins = [link for link in detail["links"] if link["kind"] == "join"]
    assert len(joins) == 2
    for link in joins:
        assert set(link["reasons"]) >= {"score", "kind", "date", "place", "actors", "text"}
        assert link["score"] >= 0.6


def test_reingesting_adds_nothing(store, pipeline):
    before = store.counts()
    for row in [*REPORTS, COPY]:
        article = _article(*row)
        assert not store.add(article, pipeline.events_for(article)).stored
    assert store.counts() == before


def test_an_analysts_split_and_merge_survive_later_ingests(db_url, pipeline):
    store = Store(db_url)
    for row in REPORTS[:2]:
        store.add(_article(*row), pipeline.events_for(_article(*row)))
    ev = _strike(store, "levant")
    new_id = store.split(ev.event_id[:8], "monitor")
    assert _strike(store, "monitor").event_id == new_id != ev.event_id
    assert _strike(store, "levant").sources.articles == 1
    # A third report matches both halves; it joins one, and the two stay apart.
    store.add(_article(*REPORTS[2]), pipeline.events_for(_article(*REPORTS[2])))
    assert _strike(store, "levant").event_id != _strike(store, "monitor").event_id
    store.merge(ev.event_id, new_id)
    merged = _strike(store, "levant")
    assert set(merged.article_ids) == {"levant", "monitor", "daily"}
    assert [e.event_id for e in store.events() if e.event_id == new_id] == []


def test_split_errors_say_what_to_do(store):
    ev = _strike(store, "levant")
    from tacitus.errors import InputError

    with pytest.raises(InputError, match="not a source"):
        store.split(ev.event_id, "no-such-article")
    with pytest.raises(InputError, match="no event"):
        store.split("ffffffffffff", "levant")
