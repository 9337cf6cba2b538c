"""The report that defines the job (DESIGN.md): militias at Abu Kamal, HTS takes
Aleppo, Syrian and Russian air strikes kill 10 in Idlib, Iran backs Assad,
insurgents threaten Damascus."""

from __future__ import annotations

import datetime as dt


def _one(events, **want):
    found = [e for e in events if all(getattr(e, k) == v for k, v in want.items())]
    assert len(found) == 1, f"expected one event with {want}, got {len(found)}:\n" + "\n".join(e.notes for e in events)
    return found[0]


def test_hts_takes_aleppo(seed_events):
    _, events = seed_events
    ev = _one(events, sub_event_type="Non-state actor overtakes territory")
    assert ev.event_type == "Battles"
    assert ev.actor1.name == "Hayat Tahrir al-Sham"
    assert ev.actor2.name == "Military Forces of Syria"
    assert ev.location.geonameid == 170063  # Aleppo
    assert ev.location.country == "SYR"


def test_airstrikes_in_idlib_kill_ten(seed_events):
    _, events = seed_events
    ev = _one(events, sub_event_type="Air/drone strike")
    assert ev.event_type == "Explosions/Remote violence"
    assert ev.actor1.name == "Military Forces of Syria"
    assert [a.name for a in ev.assoc_actor_1] == ["Military Forces of Russia"]
    assert ev.actor2.inter == 2  # the rebels whose positions were struck (HTS, the report's rebel group)
    assert "Civilians (Syria)" in [a.name for a in ev.assoc_actor_2]  # "resulting in civilian casualties"
    assert ev.location.name.startswith("Idlib")
    assert ev.location.country == "SYR"
    assert ev.fatalities.best == 10
    assert ev.event_date == dt.date(2024, 12, 2)


def test_militias_deploy_at_abu_kamal(seed_events):
    _, events = seed_events
    ev = _one(events, sub_event_type="Change to group/activity")
    assert ev.disorder_type == "Strategic developments"
    assert ev.actor1.country == "IRQ"
    assert "IRN" in ev.actor1.backers
    assert ev.location.name in ("Abu Kamal", "Ālbū Kamāl", "Albu Kamal")
    assert ev.location.admin1 and "Deir" in ev.location.admin1
    assert any(q.value == 200 for q in ev.quantities)


def test_iran_supports_assad_as_a_statement(seed_events):
    _, events = seed_events
    ev = _one(events, plover_type="SUPPORT")
    assert ev.event_type is None and ev.sub_event_type is None
    assert ev.actor1.name == "Government of Iran"
    assert ev.actor2.name == "Government of Syria"
    assert ev.cameo_code.startswith("05")


def test_threat_to_damascus_is_future(seed_events):
    _, events = seed_events
    ev = _one(events, plover_type="THREATEN")
    assert ev.mode == "future"
    assert ev.event_type is None


def test_no_acled_event_in_damascus_russia_or_turkey(seed_events):
    _, events = seed_events
    for ev in events:
        if ev.event_type is not None and ev.location is not None:
            assert ev.location.name != "Damascus", ev.notes
            assert ev.location.country in ("SYR",), ev.notes


def test_no_duplicates(seed_events):
    _, events = seed_events
    keys = [(e.sub_event_type or e.plover_type, e.location.geonameid if e.location else None) for e in events]
    assert len(keys) == len(set(keys)), keys
    acled = [e for e in events if e.event_type]
    assert len(acled) == 3, [e.notes for e in acled]


def test_every_evidence_span_is_the_article_text(seed_events):
    article, events = seed_events
    assert events
    for ev in events:
        fields = {e.field for e in ev.evidence}
        assert "event_type" in fields
        for e in ev.evidence:
            assert article.text[e.start : e.end] == e.text
