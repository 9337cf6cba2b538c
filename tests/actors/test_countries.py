import pytest

from tacitus.ontology.countries import all_countries, country_by_iso3, lookup_country, normalize_key


@pytest.mark.parametrize(
    ("word", "iso3"),
    [
        ("Syrian", "SYR"),
        ("Iranian", "IRN"),
        ("Iraqi", "IRQ"),
        ("Congolese", "COD"),
        ("DRC", "COD"),
        ("Congo-Kinshasa", "COD"),
        ("Congo-Brazzaville", "COG"),
        ("Burma", "MMR"),
        ("the US", "USA"),
        ("U.S.", "USA"),
        ("Türkiye", "TUR"),
        ("Turkish", "TUR"),
        ("Burkinabe", "BFA"),
        ("Ivory Coast", "CIV"),
        ("Côte d'Ivoire", "CIV"),
        ("Somali", "SOM"),
        ("South Sudanese", "SSD"),
        ("Sudanese", "SDN"),
        ("Palestinian", "PSE"),
        ("Iran’s", "IRN"),
        ("british", "GBR"),
        ("Russian Federation", "RUS"),
    ],
)
def test_lookup_country(word, iso3):
    c = lookup_country(word)
    assert c is not None and c.iso3 == iso3


def test_pronoun_us_is_not_a_country():
    assert lookup_country("us") is None
    assert lookup_country("car") is None
    assert lookup_country("Atlantis") is None


def test_short_names_used_in_acled_actor_names():
    names = {iso: country_by_iso3(iso).name for iso in ["SYR", "RUS", "IRN", "COD", "SSD", "USA", "GBR", "PSE", "TUR", "CIV", "MMR"]}
    assert names == {
        "SYR": "Syria", "RUS": "Russia", "IRN": "Iran", "COD": "Democratic Republic of Congo",
        "SSD": "South Sudan", "USA": "United States", "GBR": "United Kingdom", "PSE": "Palestine",
        "TUR": "Turkey", "CIV": "Ivory Coast", "MMR": "Myanmar",
    }


def test_no_surface_maps_to_two_countries():
    seen: dict[str, str] = {}
    clashes = []
    for c in all_countries():
        for s in c.surfaces:
            k = normalize_key(s)
            if seen.setdefault(k, c.iso3) != c.iso3:
                clashes.append((s, seen[k], c.iso3))
    assert clashes == []


def test_coverage():
    countries = all_countries()
    assert len(countries) >= 249
    assert sum(1 for c in countries if c.demonyms) >= 170
    assert country_by_iso3("xkx").iso2 == "XK"
