import re

from tacitus.extract import numbers
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


def _phrases(*patterns) -> list[str]:
    """The words and word groups the patterns are written with ("shot dead", "the lives of")."""
    source = re.sub(r"\\[A-Za-z]|\?P<\w+>", " ", " ".join(p.pattern for p in patterns))
    return sorted({w for w in re.findall(r"[A-Za-z][A-Za-z ]*[A-Za-z]", source)})


def test_sentences_without_a_death_word_lose_no_count():
    # fatalities() skips its slow patterns when a sentence has none of DEATH_WORDS: every
    # word a pattern is written with, in every position a count can take, must pass that gate.
    gated = (numbers.RANGE, numbers.SUM, *numbers.PATTERNS, numbers.TO_DEATH, numbers.ONE_VICTIM)
    templates = ("12 people were {w}", "at least 12 {w}", "{w} 12 civilians", "the {w} of 12", "a soldier was {w}",
                 "{w} a man to death", "between 3 and 12 people {w}", "three soldiers and 12 civilians {w}",
                 "death toll {w} 12", "12 {w} killed", "{w}")
    checked = 0
    for w in _phrases(*gated):
        for template in templates:
            text = template.format(w=w)
            expected = numbers._fatalities(text, 0, True)
            assert fatalities(text) == expected, text
            checked += bool(expected)
    assert checked > 100  # the templates do make counts
