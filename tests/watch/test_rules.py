"""The rules file: the issue's example loads; every mistake is one line naming the rule and field."""

from __future__ import annotations

import datetime as dt

import pytest

from tacitus.errors import InputError
from tacitus.watch.rules import load_rules, parse_duration

EXAMPLE = """
rules:
  - name: mass casualties in Syria
    when: {country: SYR, fatalities_at_least: 10}
    notify: [{webhook: "http://127.0.0.1:9000/hook"}]
  - name: escalation in Idlib
    when: {admin1: Idlib, spike: {window: 7d, baseline: 28d, factor: 2}}
    notify: [{email: analyst@example.org}]
smtp: {host: localhost, port: 2525, from: tacitus@example.org}
"""


def _load(tmp_path, text):
    path = tmp_path / "rules.yaml"
    path.write_text(text, "utf-8")
    return load_rules(path)


def test_the_issue_example_loads(tmp_path):
    rs = _load(tmp_path, EXAMPLE)
    first, second = rs.rules
    assert first.when.country == ["SYR"] and first.when.fatalities_at_least == 10
    assert first.notify[0].label == "webhook http://127.0.0.1:9000/hook"
    assert second.when.admin1 == ["Idlib"]
    assert (second.when.spike.window_days, second.when.spike.baseline_days) == (7, 28)
    assert rs.smtp.sender == "tacitus@example.org" and rs.smtp.port == 2525


def test_country_names_become_codes_and_notify_defaults_to_the_log(tmp_path):
    rs = _load(tmp_path, "rules:\n  - name: x\n    when: {country: [Syria, Iraq]}\n")
    assert rs.rules[0].when.country == ["SYR", "IRQ"]
    assert [c.label for c in rs.rules[0].notify] == ["log"]


@pytest.mark.parametrize("text, expected", [
    ("rules:\n  - name: typo\n    when: {fatalities_atleast: 10}\n",
     "rule 1 ('typo'): unknown field 'when.fatalities_atleast'; known: country, admin1, near"),
    ("rules:\n  - name: nowhere\n    when: {country: Atlantis}\n",
     "rule 1 ('nowhere'): when.country: unknown country 'Atlantis'"),
    ("rules:\n  - name: a\n    when: {}\n  - name: b\n    when: {spike: {window: 7x}}\n",
     "rule 2 ('b'): when.spike.window:"),
    ("rules:\n  - name: mail\n    when: {}\n    notify: [{email: a@b.org}]\n",
     "a rule sends email but there is no smtp"),
    ("rules:\n  - name: same\n    when: {}\n  - name: same\n    when: {}\n", "two rules are named 'same'"),
    ("rules:\n  - name: hook\n    when: {}\n    notify: [{webhook: 'ftp://x'}]\n", "is not an http(s) address"),
    ("rules: [\n", "not valid YAML at line"),
    ("- just a list\n", "expected a 'rules:' list"),
])
def test_mistakes_are_one_line_and_say_where(tmp_path, text, expected):
    with pytest.raises(InputError) as err:
        _load(tmp_path, text)
    message = str(err.value)
    assert expected in message
    assert "\n" not in message and message.startswith(str(tmp_path / "rules.yaml"))


def test_a_missing_rules_file(tmp_path):
    with pytest.raises(InputError, match="no such rules file"):
        load_rules(tmp_path / "nope.yaml")


def test_durations():
    assert parse_duration("10m") == dt.timedelta(minutes=10)
    assert parse_duration("2w") == dt.timedelta(days=14)
    with pytest.raises(InputError, match="e.g. 10m or 7d"):
        parse_duration("ten minutes")


def test_the_readme_example_loads(tmp_path):
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    (block,) = [b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S) if b.startswith("rules:")]
    rs = _load(tmp_path, block)
    assert [r.name for r in rs.rules][:2] == ["mass casualties in Syria", "escalation in Idlib"]
    assert rs.rules[2].when.near.km == 25
