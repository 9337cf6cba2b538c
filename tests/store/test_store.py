from __future__ import annotations

import datetime as dt

import pytest

from tacitus.errors import StoreError
from tacitus.ingest.files import make_article
from tacitus.records import Actor, Event, Evidence, Fatalities, Place, Sources
from tacitus.store import Store


def _event(article, event_id="e1"):
    return Event(
        event_id=event_id, article_ids=[article.id], sources=Sources(articles=1, outlets=1),
        event_date=dt.date(2024, 12, 1), event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
        actor1=Actor(name="Military Forces of Syria", inter=1, country="SYR"),
        location=Place(name="Idlib", geonameid=169388, lat=35.93, lon=36.63, country="SYR", geo_precision=1),
        fatalities=Fatalities(low=10, best=10, high=10),
        evidence=[Evidence(field="event_type", article_id=article.id, start=0, end=9, text=article.text[:9])],
    )


@pytest.fixture
def store(db_url):
    s = Store(db_url)
    yield s
    s.close()


def test_round_trip_keeps_the_record(store):
    art = make_article("Airstrikes hit Idlib on Sunday, killing 10.", published=dt.date(2024, 12, 2))
    ev = _event(art)
    assert store.add(art, [ev]).new == ["e1"]
    (back,) = store.events(country="SYR")
    # One report: the canonical record is that report's, dated by its publication.
    assert back.model_copy(update={"notes": "", "first_reported": None, "last_reported": None}) == ev
    assert back.first_reported == back.last_reported == dt.date(2024, 12, 2)


def test_same_article_twice_is_stored_once(store):
    art = make_article("Airstrikes hit Idlib on Sunday, killing 10.")
    assert store.add(art, [_event(art)]).stored
    assert not store.add(art, [_event(art)]).stored
    assert store.counts()["articles"] == 1 and store.counts()["events"] == 1


def test_a_failed_write_leaves_nothing_half_written(store):
    art = make_article("Airstrikes hit Idlib on Sunday, killing 10.")
    with pytest.raises(StoreError):
        store.add(art, [_event(art, "same"), _event(art, "same")])
    assert store.counts() == {"articles": 0, "events": 0, "evidence": 0}


def test_filters(store):
    art = make_article("Airstrikes hit Idlib on Sunday, killing 10.")
    store.add(art, [_event(art)])
    assert store.events(since=dt.date(2024, 12, 2)) == []
    assert len(store.events(event_type="Air/drone strike")) == 1
    assert store.events(country="UKR") == []


def test_bad_url_says_what_to_do():
    with pytest.raises(StoreError, match="--db URL"):
        Store("nosuchdialect://x")
