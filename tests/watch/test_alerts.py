"""Alert rules against a real store: thresholds, updates, spikes, new actors, areas, and
channels that fail (a real webhook receiver and a real SMTP server on localhost)."""

from __future__ import annotations

import datetime as dt
import itertools
import socket

import httpx
import pytest

from tacitus.ingest.files import make_article
from tacitus.records import Actor, Event, Evidence, Fatalities, Place, Sources
from tacitus.store import Store
from tacitus.store.watching import WatchStore
from tacitus.watch.alerts import Alerter
from tacitus.watch.rules import RuleSet
from tests.httpsite import Site

IDLIB_TOWNS = {  # name: (lat, lon); more than 8 km apart, so their events never merge
    "Saraqib": (35.864, 36.806), "Ariha": (35.811, 36.609), "Maarat al-Numan": (35.643, 36.676),
    "Jisr al-Shughur": (35.812, 36.318), "Idlib": (35.930, 36.634), "Khan Shaykhun": (35.442, 36.651),
    "Sarmada": (36.180, 36.705), "Binnish": (35.957, 36.713),
}
_serial = itertools.count()


def report(store, day, town="Saraqib", killed=None, actor="Military Forces of Syria", published=None):
    """Store one article reporting one air strike; returns the canonical event id."""
    n = next(_serial)
    lat, lon = IDLIB_TOWNS[town]
    text = (f"Report {n}: an air strike hit {town} in Idlib province on {day:%d %B %Y}, residents said, "
            f"and {killed if killed is not None else 'an unknown number of'} people were killed "
            f"({'several witnesses' if n % 2 else 'a local monitor'} counted {n} craters).")
    art = make_article(text, published=published or day, source=f"outlet{n}", url=f"http://news.test/{n}")
    ev = Event(
        event_id=f"m{n}", article_ids=[art.id], sources=Sources(articles=1, outlets=1), event_date=day,
        event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
        disorder_type="Political violence", actor1=Actor(name=actor, inter=1, country="SYR"),
        location=Place(name=town, lat=lat, lon=lon, admin1="Idlib", country="SYR", geo_precision=1,
                       feature_code="PPL"),
        fatalities=Fatalities(low=killed, best=killed, high=killed) if killed is not None else None,
        evidence=[Evidence(field="event_type", article_id=art.id, start=0, end=8, text=text[:8])],
    )
    added = store.add(art, [ev])
    return added.assigned[ev.event_id]


@pytest.fixture
def store(db_url):
    s = Store(db_url)
    yield s
    s.close()


@pytest.fixture
def site():
    with Site() as s:
        yield s


def alerter(store, rules: dict, log=None):
    lines = [] if log is None else log
    return Alerter(RuleSet.model_validate(rules), WatchStore(store), httpx.Client(timeout=5), log=lines.append,
                   webhook_backoff=0), lines


def test_a_fatality_threshold_fires_once_and_again_when_an_update_crosses_it(store, site):
    hook = site.receiver("/hook")
    a, _ = alerter(store, {"rules": [{"name": "ten dead in Syria",
                                      "when": {"country": "SYR", "fatalities_at_least": 10},
                                      "notify": [{"webhook": hook}]}]})
    day = dt.date(2024, 12, 1)
    big = report(store, day, "Saraqib", killed=12)
    small = report(store, day, "Ariha", killed=4)
    assert [f.event_id for f in a.consider([big, small])] == [big]
    assert a.deliver() == (1, 0)
    assert a.consider([big, small]) == []  # once per event
    # A later report of the Ariha strike revises the toll to 11: the updated event now fires.
    again = report(store, day, "Ariha", killed=11, published=day + dt.timedelta(days=1))
    assert again == small
    assert [f.event_id for f in a.consider([again])] == [small]
    a.deliver()
    posts = site.posts["/hook"]
    assert [p["event"]["event_id"] for p in posts] == [big, small]
    assert posts[1]["event"]["fatalities"]["best"] == 11
    assert posts[1]["reason"] == "in SYR; 11 killed (threshold 10)"
    assert [s["url"] for s in posts[1]["sources"]][-1].startswith("http://news.test/")


def test_a_spike_fires_when_the_week_doubles_the_baseline_and_then_rests(store):
    a, lines = alerter(store, {"rules": [{"name": "escalation in Idlib", "when": {
        "admin1": "Idlib", "spike": {"window": "7d", "baseline": "28d", "factor": 2}}}]})
    end = dt.date(2024, 12, 28)
    towns = iter(t for t in IDLIB_TOWNS if t != "Idlib")  # a town named like its province may merge
    for weeks_back in (4, 3, 2):  # one strike a week in the four weeks before: 0.75 a week expected
        eid = report(store, end - dt.timedelta(days=7 * weeks_back), next(towns))
        assert a.consider([eid]) == []
    fired = []
    for d in (3, 2, 1, 0):  # four strikes in the last week
        fired.append(a.consider([report(store, end - dt.timedelta(days=d), next(towns))]))
    assert [len(f) for f in fired] == [0, 0, 1, 0]  # the third is the spike; the fourth is the same surge
    assert "3 events in the 7 days to 2024-12-27 against 0.8 expected" in fired[2][0].reason
    a.deliver()
    assert lines and lines[0].startswith("ALERT escalation in Idlib:")


def test_a_new_actor_in_a_country_fires_only_for_its_first_event(store):
    a, _ = alerter(store, {"rules": [{"name": "new armed group in Syria", "when": {"country": "SYR",
                                                                                  "new_actor": True}}]})
    day = dt.date(2024, 11, 27)
    first_army = report(store, day, "Saraqib")
    first_hts = report(store, day + dt.timedelta(days=1), "Ariha", actor="Hayat Tahrir al-Sham")
    second_hts = report(store, day + dt.timedelta(days=2), "Idlib", actor="Hayat Tahrir al-Sham")
    fired = a.consider([first_army, first_hts, second_hts])
    # Each actor is new the first time only; the army's first event counts too.
    assert [(f.event_id, f.reason.split("; ")[-1]) for f in fired] == [
        (first_army, "first event of Military Forces of Syria in SYR"),
        (first_hts, "first event of Hayat Tahrir al-Sham in SYR")]


def test_a_circle_around_a_point_and_event_types(store):
    a, _ = alerter(store, {"rules": [{"name": "strikes near Idlib city", "when": {
        "near": {"lat": 35.93, "lon": 36.63, "km": 15}, "event_types": ["Air/drone strike"]}}]})
    day = dt.date(2024, 12, 3)
    near = report(store, day, "Binnish")  # about 8 km away
    far = report(store, day, "Khan Shaykhun")  # about 55 km away
    fired = a.consider([near, far])
    assert [f.event_id for f in fired] == [near]
    assert fired[0].reason.startswith("8 km from (35.93, 36.63); Air/drone strike")


def test_a_failing_webhook_is_retried_next_round_and_never_raises(store, site):
    hook = site.receiver("/hook", fail_first=3)  # one round's three tries all fail
    log: list[str] = []
    a, _ = alerter(store, {"rules": [{"name": "any strike", "when": {"event_types": "Air/drone strike"},
                                      "notify": [{"webhook": hook}, {"webhook": site.url("/nowhere")}]}]}, log)
    a.consider([report(store, dt.date(2024, 12, 5), killed=2)])
    assert a.deliver() == (0, 2)
    assert any("not delivered: webhook" in line and "HTTP 500" in line and "will retry" in line for line in log)
    assert any("/nowhere: HTTP 404" in line for line in log)
    assert a.deliver() == (1, 1)  # the receiver is back; the 404 is asked again until it is given up
    assert len(site.posts["/hook"]) == 1
    for _ in range(5):
        a.deliver()
    statuses = [d["status"] for d in WatchStore(store).alerts()[0]["deliveries"]]
    assert statuses == ["sent", "gave_up"]
    assert any("gave up" in line for line in log)


def test_email_goes_through_a_real_smtp_server(store):
    from aiosmtpd.controller import Controller

    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
            return "250 OK"

    with socket.socket() as probe:  # a free port: the controller checks its server by connecting to it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    smtp = Controller(Handler(), hostname="127.0.0.1", port=port)
    smtp.start()
    try:
        a, log = alerter(store, {"rules": [{"name": "deaths in Idlib", "when": {"admin1": "Idlib",
                                                                               "fatalities_at_least": 1},
                                            "notify": [{"email": "analyst@example.org"}]}],
                                 "smtp": {"host": "127.0.0.1", "port": port, "from": "tacitus@example.org"}})
        eid = report(store, dt.date(2024, 12, 6), "Sarmada", killed=3)
        a.consider([eid])
        assert a.deliver() == (1, 0), log
    finally:
        smtp.stop()
    (to, content), = received
    assert to == ["analyst@example.org"]
    assert "Subject: [tacitus] deaths in Idlib:" in content
    assert f"http://127.0.0.1:8000/events/{eid}" in content


def test_an_unreachable_smtp_server_is_a_failed_delivery_not_a_crash(store):
    a, log = alerter(store, {"rules": [{"name": "all", "when": {}, "notify": [{"email": "a@example.org"}]}],
                             "smtp": {"host": "127.0.0.1", "port": 9, "timeout": 2}})
    a.consider([report(store, dt.date(2024, 12, 7))])
    assert a.deliver() == (0, 1)
    assert "email to a@example.org via 127.0.0.1:9" in log[0]
