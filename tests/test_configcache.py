"""Config parses kept in the cache folder: same config, same error positions, no PyYAML."""
from __future__ import annotations

import datetime
import json

import pytest

from linter import config as config_mod
from linter.config import load_config, select_rules
from linter.configcache import FOLDER, ParseCache
from linter.errors import ConfigError
from linter.rules import load_rules
from linter.yamlsource import load_yaml

from test_workflow import BAD, _probe

CONFIG = """\
extends: base.yaml
select: [Q, T, H001]
ignore: [H002]
fail-on: warning
period: 2019
published: 2020-06-24
per-file-ignores:
  "appendix/*.md": [hedged-statement]
rules:
  T001: {severity: warning}
  Q001: {scope: sentence}
"""


def _write(tmp_path, text=CONFIG, base="exclude: [drafts/**]\n"):
    (tmp_path / ".reportlint.yaml").write_text(text)
    (tmp_path / "base.yaml").write_text(base)
    return tmp_path / ".reportlint.yaml"


def _entries(tmp_path):
    return sorted((tmp_path / ".reportlint_cache" / FOLDER).glob("*.json"))


def _no_yaml(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("the config was parsed again")

    monkeypatch.setattr("linter.yamlsource.load_yaml", refuse)


def test_a_cached_parse_gives_the_same_config_without_parsing(tmp_path, monkeypatch):
    path = _write(tmp_path)
    uncached = load_config(path).to_dict()
    fresh = load_config(path, cache=True)
    assert len(_entries(tmp_path)) == 2  # the config and the file it extends
    _no_yaml(monkeypatch)
    again = load_config(path, cache=True)
    assert again.to_dict() == fresh.to_dict() == uncached
    assert again.published == fresh.published == "2020-06-24"  # a YAML date, tagged in JSON
    assert again.exclude == ("drafts/**",)


def test_error_positions_are_the_same_from_a_cached_parse(tmp_path, monkeypatch):
    path = _write(tmp_path, CONFIG.replace("{scope: sentence}", "{scpoe: sentence}"))
    rules = load_rules()
    with pytest.raises(ConfigError) as cold:
        select_rules(load_config(path, cache=True), rules)
    _no_yaml(monkeypatch)
    with pytest.raises(ConfigError) as warm:
        select_rules(load_config(path, cache=True), rules)
    assert str(warm.value) == str(cold.value) and ":11:" in str(cold.value)


def test_an_edited_config_is_parsed_again(tmp_path):
    path = _write(tmp_path)
    assert load_config(path, cache=True).fail_on == "warning"
    path.write_text(CONFIG.replace("fail-on: warning", "fail-on: info"))
    assert load_config(path, cache=True).fail_on == "info"


def test_a_damaged_entry_is_a_miss(tmp_path):
    path = _write(tmp_path)
    load_config(path, cache=True)
    for entry in _entries(tmp_path):
        entry.write_text('{"data": {"fail-on": "nev')
    assert load_config(path, cache=True).to_dict() == load_config(path).to_dict()


@pytest.mark.parametrize("data", [
    {"published": datetime.datetime(2020, 6, 24, 12, 0)},  # a date-time is no date
    {1: "int key"},
    {"$date": "2020-06-24"},  # looks like the tag
    {"s": {1, 2}},
])
def test_data_json_would_not_give_back_exactly_is_not_stored(tmp_path, data):
    loc = load_yaml("a: 1\n", "c.yaml")
    loc.data = data
    ParseCache(tmp_path).put("a: 1\n", loc)
    assert _entries(tmp_path) == []


def test_stored_data_and_marks_round_trip(tmp_path):
    text = "a: [1, 2.5, true, null, 2020-06-24]\nb: {c: 'x', d: []}\n"
    loc = load_yaml(text, "c.yaml")
    parsed = ParseCache(tmp_path)
    parsed.put(text, loc)
    back = parsed.get("c.yaml", text)
    assert back.data == loc.data and type(back.data["a"][4]) is datetime.date
    assert (back.value_marks, back.key_marks) == (loc.value_marks, loc.key_marks)
    assert parsed.get("other.yaml", text) is None  # the path is part of the key


def test_no_cache_and_a_bad_config_store_nothing(tmp_path, run_cli):
    (tmp_path / "r.md").write_text(BAD)
    _write(tmp_path)
    run_cli(["check", "r.md", "--no-cache"], tmp_path)
    assert not (tmp_path / ".reportlint_cache").exists()
    (tmp_path / ".reportlint.yaml").write_text("select: [Q\n")
    code, _, err = run_cli(["check", "r.md"], tmp_path)
    assert code == 2 and ".reportlint.yaml:2:1: invalid YAML" in err and _entries(tmp_path) == []


def test_a_cached_run_with_a_config_does_not_import_pyyaml(tmp_path):
    (tmp_path / "r.md").write_text(BAD)
    _write(tmp_path)
    args = ["check", ".", "--format", "concise", "-j", "1"]
    code, heavy, first = _probe(args, tmp_path)
    assert "yaml" in heavy
    code, heavy, second = _probe(args, tmp_path)
    assert code == 1 and second == first and "r.md:1:25: warning T001" in first
    assert not heavy & {"yaml", "dataclasses", "linter.rules"}, heavy


def test_config_module_reads_through_the_parse_cache_only_when_asked(tmp_path):
    path = _write(tmp_path)
    load_config(path)
    assert not (tmp_path / ".reportlint_cache").exists()
    assert config_mod.load_config(path, cache=True).fail_on == "warning"
    stored = json.loads(_entries(tmp_path)[0].read_text())
    assert set(stored) == {"data", "values", "keys"}
