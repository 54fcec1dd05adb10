"""Config: discovery, extends, overrides, and `path:line:col` errors with hints."""
import textwrap

import pytest

from linter.config import find_config, ignored_for, load_config, select_rules
from linter.errors import ConfigError
from linter.findings import Severity


def write(path, text):
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def cfg_error(tmp_path, text, name=".reportlint.yaml"):
    p = write(tmp_path / name, text)
    with pytest.raises(ConfigError) as info:
        cfg = load_config(p)
        from linter.rules import load_rules

        select_rules(cfg, load_rules())
    return str(info.value).replace(str(tmp_path) + "/", "")


def test_nearest_config_walking_up(tmp_path):
    write(tmp_path / ".reportlint.yaml", "fail-on: warning\n")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    assert find_config(sub) == tmp_path / ".reportlint.yaml"
    assert load_config(None, search_from=sub).fail_on == "warning"


def test_pyproject_section(tmp_path):
    write(tmp_path / "pyproject.toml", """\
        [project]
        name = "x"

        [tool.reportlint]
        fail-on = "info"
        period = 2019

        [tool.reportlint.rules.T001]
        severity = "warning"
        """)
    cfg = load_config(None, search_from=tmp_path)
    assert (cfg.fail_on, cfg.period) == ("info", "2019")
    from linter.rules import load_rules

    t001 = next(r for r in select_rules(cfg, load_rules()) if r.id == "T001")
    assert t001.severity is Severity.WARNING


def test_pyproject_error_points_at_line(tmp_path):
    msg = cfg_error(tmp_path, """\
        [tool.reportlint]
        fail-on = "warning"
        falon = 1
        """, name="pyproject.toml")
    assert msg == "pyproject.toml:3:1: unknown config key 'falon' (did you mean 'fail-on'?)"


@pytest.mark.parametrize("text,expected", [
    ("fail_on: error\n", ".reportlint.yaml:1:1: unknown config key 'fail_on' (did you mean 'fail-on'?)"),
    ("fail-on: errors\n", ".reportlint.yaml:1:10: 'fail-on' must be one of error, warning, info, never (did you mean 'error'?)"),
    ("rules:\n  T001: {severty: info}\n", ".reportlint.yaml:2:10: unknown option 'severty' for rule T001 (impossible-date) (did you mean 'severity'?)"),
    ("rules:\n  T01: {severity: info}\n", ".reportlint.yaml:2:3: unknown rule 'T01' (did you mean 'T001'?)"),
    ("rules:\n  T001: {severity: fatal}\n", ".reportlint.yaml:2:20: severity must be error, warning or info, not 'fatal'"),
    ("rules:\n  impossible-date: {scope: page}\n", ".reportlint.yaml:2:20: invalid options for rule T001 (impossible-date): scope must be one of"),
    ("period: last year\n", ".reportlint.yaml:1:9: 'period' must be a year or an ISO date"),
    ("select: 3\n", ".reportlint.yaml:1:9: 'select' must be a list of strings"),
    ("extends: nowhere.yaml\n", ".reportlint.yaml:1:10: extended config 'nowhere.yaml' not found"),
    ("select: [T001\n", ".reportlint.yaml:2:1: invalid YAML"),
    ("- a\n- b\n", ".reportlint.yaml:1:1: config must be a mapping"),
])
def test_config_errors(tmp_path, text, expected):
    assert cfg_error(tmp_path, text).startswith(expected)


def test_extends_chain_and_override(tmp_path):
    write(tmp_path / "base.yaml", "fail-on: warning\nignore: [T001]\nperiod: 2018\n")
    write(tmp_path / ".reportlint.yaml", "extends: base.yaml\nperiod: 2019\n")
    cfg = load_config(tmp_path / ".reportlint.yaml")
    assert (cfg.fail_on, cfg.ignore, cfg.period) == ("warning", ("T001",), "2019")


def test_extends_cycle_is_an_error(tmp_path):
    write(tmp_path / "a.yaml", "extends: b.yaml\n")
    write(tmp_path / "b.yaml", "extends: a.yaml\n")
    with pytest.raises(ConfigError, match="cycle"):
        load_config(tmp_path / "a.yaml")


def test_select_ignore_and_per_file_ignores(tmp_path, all_rules):
    write(tmp_path / ".reportlint.yaml", """\
        select: [T]
        per-file-ignores:
          "drafts/*.md": [impossible-date]
        """)
    cfg = load_config(tmp_path / ".reportlint.yaml")
    enabled = {r.id for r in select_rules(cfg, all_rules) if r.enabled}
    assert "T001" in enabled and not any(i.startswith("H") for i in enabled)
    assert ignored_for(cfg, "drafts/a.md") == ("impossible-date",)
    assert ignored_for(cfg, "final/a.md") == ()
    ignored = {r.id for r in select_rules(cfg, all_rules, extra_ignore=("T001",)) if r.enabled}
    assert "T001" not in ignored
