"""Where an event happened, read from how reports name places: datelines, "the Somali
capital", a quarter named inside its city, a village the gazetteer does not list."""

from __future__ import annotations

import datetime as dt

from tacitus.ingest.files import make_article

DAY = dt.date(2025, 3, 4)


def events(pipeline, text: str):
    article = make_article(text, published=DAY, source="Test Wire")
    return [e for e in pipeline.events_for(article) if e.event_type is not None]


def lead(pipeline, text: str):
    evs = events(pipeline, text)
    assert evs, "no event found"
    return min(evs, key=lambda e: min(x.start for x in e.evidence))


def test_the_capital_named_by_its_country(pipeline):
    e = lead(pipeline, "Car bomb kills six\n\nA car bomb exploded near a police station in the Somali capital "
                       "on Monday, killing six people, police said.")
    assert e.location.name == "Mogadishu" and e.location.geo_precision == 1


def test_a_dateline_is_where_the_reporter_is(pipeline):
    e = lead(pipeline, "Shelling kills four in Yemen\n\nADEN, March 4 (Test Wire) - Houthi shelling killed four "
                       "civilians in the city of Ta'izz on Monday, a local official said.")
    assert e.location.name == "Taiz" and e.location.geo_precision == 1
    assert e.location.feature_code.startswith("PPL")


def test_a_quarter_named_inside_its_city_is_placed_there(pipeline):
    e = lead(pipeline, "Blast in Kabul\n\nA magnetic bomb stuck to a car exploded in Qala-e-Fatullah in "
                       "western Kabul on Monday, killing two men, police said.")
    assert e.location.name == "Qala-e-Fatullah"
    assert e.location.country == "AFG" and e.location.geo_precision == 1
    assert abs(e.location.lat - 34.53) < 0.1 and abs(e.location.lon - 69.17) < 0.1  # Kabul's point
    assert "Qala-e-Fatullah" in [x.text for x in e.evidence if x.field == "location"]


def test_a_village_in_a_named_state_takes_the_state(pipeline):
    e = lead(pipeline, "Gunmen kill five in Nigeria\n\nGunmen killed five farmers in the village of "
                       "Ungwan Dutse in Kaduna state on Sunday, residents said.")
    assert e.location.name == "Ungwan Dutse"
    assert e.location.country == "NGA" and e.location.admin1 == "Kaduna"


def test_an_unlisted_village_is_in_the_country_the_report_is_about(pipeline):
    e = lead(pipeline, "Sudan: shelling of camp\n\nRSF shelling of Zamzam-Wadi camp killed eight displaced "
                       "people in Sudan's North Darfur on Sunday, aid workers said.")
    assert e.location is not None and e.location.country == "SDN"
