from tacitus.extract.numbers import fatalities, quantities


def best(text):
    found = fatalities(text)
    return [c.value for c in found]


def test_at_least_n_deaths():
    assert best("reports indicating at least 10 deaths in Idlib") == [10]


def test_acled_vague_amounts():
    assert best("dozens of people were killed in the raid") == [12]
    assert best("several soldiers were killed") == [10]


def test_one_victim_and_injured_not_counted():
    assert best("A soldier was killed and two others were wounded") == [1]
    assert best("killing at least five civilians and wounding 12") == [5]


def test_parts_are_summed():
    assert best("three soldiers and seven civilians were killed") == [10]


def test_none_reported_is_zero():
    assert best("No casualties were reported.") == [0]


def test_range_keeps_both_ends():
    (c,) = fatalities("between 5 and 8 people were killed")
    assert c.value == 5 and c.what == "range:8"


def test_quantities_are_not_deaths():
    (q,) = quantities("Approximately 200 fighters were deployed")
    assert (q.value, q.what, q.approx) == (200, "fighters", True)
    assert quantities("12 people were killed", exclude=fatalities("12 people were killed")) == []


def test_spans_point_into_the_text():
    text = "On Sunday gunmen killed 12 villagers near the market."
    for c in fatalities(text, offset=100):
        assert text[c.start - 100 : c.end - 100] == c.text
