"""User configuration: find it, load it (YAML or pyproject), follow `extends`, validate it.

Resolution, lowest to highest: each rule file's defaults, the `extends` chain, the
config file, then command-line flags. Every mistake is a ConfigError at `path:line:col`.
"""
from __future__ import annotations

import fnmatch
import re
from pathlib import Path

from .errors import ConfigError, RuleFileError, did_you_mean
from .results import Severity

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which a cached run need not
if TYPE_CHECKING:  # the rule machinery is imported only where rules are applied, and YAML
    from typing import Any  # only where a config is read: a cached run without one needs neither

    from .configcache import ParseCache
    from .rules import Rule
    from .yamlsource import Located

CONFIG_NAMES = (".reportlint.yaml", ".reportlint.yml")
KEYS = ("extends", "select", "ignore", "per-file-ignores", "rules", "rule_paths", "include",
        "exclude", "fail-on", "period", "published")
FAIL_ON = ("error", "warning", "info", "never")
DEFAULT_INCLUDE = ("*.md", "*.markdown", "*.txt")
RULE_OVERRIDE_KEYS = ("severity", "enabled")


class Config:
    """The resolved configuration. A plain class, not a dataclass: a run answered from the
    cache builds one, and should not pay for importing dataclasses (and inspect, and ast)."""

    def __init__(self, *, path: str | None = None, select: tuple[str, ...] | None = None,
                 ignore: tuple[str, ...] = (), per_file_ignores: dict[str, tuple[str, ...]] | None = None,
                 rules: dict[str, dict] | None = None, rule_paths: tuple[Path, ...] = (),
                 include: tuple[str, ...] = DEFAULT_INCLUDE, exclude: tuple[str, ...] = (),
                 fail_on: str = "error", period: str | None = None, published: str | None = None,
                 root: Path | None = None) -> None:
        self.path = path
        self.select = select
        self.ignore = ignore
        self.per_file_ignores = {} if per_file_ignores is None else per_file_ignores
        self.rules = {} if rules is None else rules
        self.rule_paths = rule_paths
        self.include = include
        self.exclude = exclude
        self.fail_on = fail_on
        self.period = period
        self.published = published
        self.root = Path.cwd() if root is None else root  # the folder globs are relative to
        # Where each rules override came from, for error messages: key -> (Located, path).
        self._marks: dict[str, tuple[Located, tuple]] = {}

    def to_dict(self) -> dict:
        return {
            "path": self.path, "select": list(self.select) if self.select is not None else None,
            "ignore": list(self.ignore),
            "per-file-ignores": {k: list(v) for k, v in self.per_file_ignores.items()},
            "rules": self.rules, "rule_paths": [str(p) for p in self.rule_paths],
            "include": list(self.include), "exclude": list(self.exclude),
            "fail-on": self.fail_on, "period": self.period, "published": self.published,
        }


# ---------------------------------------------------------------- finding the file

def find_config(start: Path) -> Path | None:
    """Nearest `.reportlint.yaml` or pyproject.toml with [tool.reportlint], walking up."""
    start = start.resolve()
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        py = folder / "pyproject.toml"
        if py.is_file():
            try:
                if re.search(r"^\s*\[tool\.reportlint[\].]", py.read_text(encoding="utf-8"), re.M):
                    return py
            except (OSError, UnicodeDecodeError):
                pass
    return None


# ---------------------------------------------------------------- loading

def _toml_located(text: str, source: str) -> Located:
    """tomllib gives no positions; recover `key =` and `[table]` lines for error marks."""
    import tomllib  # only for a pyproject.toml config

    from .yamlsource import Located

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"at line (\d+), column (\d+)", str(exc))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (None, None)
        raise ConfigError(source, f"invalid TOML: {str(exc).split(' (at')[0]}", line, col) from None
    section = data.get("tool", {}).get("reportlint", {})
    loc = Located(section, source)
    table: tuple = ()
    for n, line in enumerate(text.splitlines(), 1):
        m = re.match(r"\s*\[([^\]]+)\]\s*$", line)
        if m:
            parts = tuple(p.strip().strip('"') for p in m.group(1).split("."))
            table = parts[2:] if parts[:2] == ("tool", "reportlint") else None
            if table is not None and table:
                loc.key_marks[table] = loc.value_marks[table] = (n, 1)
            continue
        m = re.match(r"(\s*)(\"[^\"]+\"|[A-Za-z0-9_-]+)\s*=", line)
        if m and table is not None:
            key = m.group(2).strip('"')
            loc.key_marks[table + (key,)] = (n, len(m.group(1)) + 1)
            loc.value_marks[table + (key,)] = (n, m.end() + 2)
    loc.value_marks[()] = (1, 1)
    return loc


def _load_file(path: Path, parsed: ParseCache | None) -> Located:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), f"cannot read config: {exc}") from None
    loc = parsed.get(str(path), text) if parsed is not None else None
    if loc is not None:
        return loc
    if path.name == "pyproject.toml":
        loc = _toml_located(text, str(path))
    else:
        from .yamlsource import load_yaml

        loc = load_yaml(text, str(path), ConfigError)
        if loc.data is None:
            loc.data = {}
    if parsed is not None:
        parsed.put(text, loc)
    return loc


def _strings(loc: Located, key: str, val: Any) -> tuple[str, ...]:
    if isinstance(val, str):
        return (val,)
    if isinstance(val, list) and all(isinstance(v, str) for v in val):
        return tuple(val)
    raise loc.error(ConfigError, (key,), f"'{key}' must be a list of strings")


def _period(loc: Located, key: str, val: Any) -> str | None:
    if val is None:
        return None
    text = val.isoformat() if hasattr(val, "isoformat") else str(val)
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        raise loc.error(ConfigError, (key,), f"'{key}' must be a year or an ISO date like 2019 "
                        f"or 2020-06-24, not {val!r}")
    return text


PACK_PREFIX = "reportlint:"


def _pack(loc: Located, ext: str) -> Path:
    """`extends: reportlint:NAME` is a config shipped with reportlint, in rules/packs/."""
    from importlib import resources

    packs = resources.files("linter.builtin_rules").joinpath("packs")
    names = sorted(p.name[:-5] for p in packs.iterdir() if p.name.endswith(".yaml"))
    name = ext[len(PACK_PREFIX):]
    if name not in names:
        raise loc.error(ConfigError, ("extends",), f"unknown pack '{ext}'",
                        hint=did_you_mean(ext, [PACK_PREFIX + n for n in names])
                        or "packs: " + ", ".join(PACK_PREFIX + n for n in names))
    return Path(str(packs.joinpath(name + ".yaml")))


def _apply(cfg: Config, loc: Located, base_dir: Path, seen: set[Path], parsed: ParseCache | None) -> None:
    data = loc.data
    if not isinstance(data, dict):
        raise ConfigError(loc.source, "config must be a mapping of keys to values", 1, 1)
    for key in data:
        if key not in KEYS:
            raise loc.error(ConfigError, (key,), f"unknown config key '{key}'", key=True,
                            hint=did_you_mean(key, KEYS) or f"keys: {', '.join(KEYS)}")
    if "extends" in data:
        for ext in _strings(loc, "extends", data["extends"]):
            target = _pack(loc, ext) if ext.startswith(PACK_PREFIX) else (base_dir / ext).resolve()
            if not target.is_file():
                raise loc.error(ConfigError, ("extends",), f"extended config '{ext}' not found")
            if target in seen:
                raise loc.error(ConfigError, ("extends",), f"config '{ext}' extends itself (a cycle)")
            _apply(cfg, _load_file(target, parsed), target.parent, seen | {target}, parsed)
    if "select" in data:
        cfg.select = _strings(loc, "select", data["select"])
    if "ignore" in data:
        cfg.ignore = _strings(loc, "ignore", data["ignore"])
    if "include" in data:
        cfg.include = _strings(loc, "include", data["include"])
    if "exclude" in data:
        cfg.exclude = _strings(loc, "exclude", data["exclude"])
    if "rule_paths" in data:
        paths = []
        for i, p in enumerate(_strings(loc, "rule_paths", data["rule_paths"])):
            folder = (base_dir / p).resolve()
            if not folder.is_dir():
                raise loc.error(ConfigError, ("rule_paths", i), f"rule folder '{p}' not found")
            paths.append(folder)
        cfg.rule_paths = cfg.rule_paths + tuple(paths)
    if "per-file-ignores" in data:
        pfi = data["per-file-ignores"]
        if not isinstance(pfi, dict):
            raise loc.error(ConfigError, ("per-file-ignores",), "'per-file-ignores' must map globs to rule lists")
        for glob, ids in pfi.items():
            cfg.per_file_ignores[str(glob)] = _strings(loc, "per-file-ignores", ids)
    if "fail-on" in data:
        val = data["fail-on"]
        if val not in FAIL_ON:
            raise loc.error(ConfigError, ("fail-on",), f"'fail-on' must be one of {', '.join(FAIL_ON)}",
                            hint=did_you_mean(val, FAIL_ON))
        cfg.fail_on = val
    for key in ("period", "published"):
        if key in data:
            setattr(cfg, key, _period(loc, key, data[key]))
    if "rules" in data:
        rules = data["rules"]
        if not isinstance(rules, dict):
            raise loc.error(ConfigError, ("rules",), "'rules' must map rule ids or names to settings")
        for rkey, settings in rules.items():
            if settings in ("off", False):
                settings = {"enabled": False}
            elif settings in ("on", True):
                settings = {"enabled": True}
            elif isinstance(settings, str) and settings in ("error", "warning", "info"):
                settings = {"severity": settings}
            if not isinstance(settings, dict):
                raise loc.error(ConfigError, ("rules", rkey), f"settings for rule '{rkey}' must be a "
                                "mapping (severity, enabled, options), or off/on/a severity")
            merged = dict(cfg.rules.get(str(rkey), {}))
            merged.update(settings)
            cfg.rules[str(rkey)] = merged
            cfg._marks[str(rkey)] = (loc, ("rules", rkey))


def load_config(path: Path | None, *, search_from: Path | None = None, cache: bool = False) -> Config:
    """Load `path`, or the nearest config above `search_from`; defaults when none exists.
    With `cache`, file parses are kept in the findings cache's folder (linter.configcache)."""
    if path is None:
        path = find_config(search_from or Path.cwd())
    if path is None:
        return Config(root=(search_from or Path.cwd()).resolve())
    path = Path(path)
    if not path.is_file():
        raise ConfigError(str(path), "config file not found")
    cfg = Config(path=str(path), root=path.resolve().parent)
    parsed = None
    if cache:
        from .configcache import ParseCache

        parsed = ParseCache(cfg.root)
    _apply(cfg, _load_file(path, parsed), path.resolve().parent, {path.resolve()}, parsed)
    return cfg


# ---------------------------------------------------------------- applying to rules

def select_rules(cfg: Config, rules: list[Rule], *, extra_select: tuple[str, ...] | None = None,
                 extra_ignore: tuple[str, ...] = ()) -> list[Rule]:
    """Apply overrides, select and ignore; return the rules to run (with `enabled` resolved)."""
    known = {r.id for r in rules} | {r.name for r in rules}
    out: list[Rule] = []
    for key, settings in cfg.rules.items():
        if key not in known:
            loc, p = cfg._marks.get(key, (None, ()))
            hint = did_you_mean(key, known)
            if loc is None:
                raise ConfigError(cfg.path, f"unknown rule '{key}'", hint=hint)
            raise loc.error(ConfigError, p, f"unknown rule '{key}'", key=True, hint=hint)
    for rule in rules:
        for key in (rule.id, rule.name):
            if key in cfg.rules:
                rule = _override(cfg, key, rule)
        selectors = extra_select if extra_select is not None else cfg.select
        enabled = rule.enabled
        if selectors is not None:
            enabled = any(rule.matches(s) for s in selectors)
            if not enabled and any(k in cfg.rules and cfg.rules[k].get("enabled") for k in (rule.id, rule.name)):
                enabled = True
        if any(rule.matches(s) for s in cfg.ignore + tuple(extra_ignore)):
            enabled = False
        out.append(rule.with_overrides(enabled=enabled))
    return out


def _override(cfg: Config, key: str, rule: Rule) -> Rule:
    from .yamlsource import Located

    settings = dict(cfg.rules[key])
    loc, base = cfg._marks.get(key, (Located(settings, cfg.path or "<config>"), ()))
    severity = enabled = None
    if "severity" in settings:
        sev = settings.pop("severity")
        if sev not in ("error", "warning", "info"):
            raise loc.error(ConfigError, base + ("severity",), f"severity must be error, warning or info, not {sev!r}")
        severity = Severity.parse(sev)
    if "enabled" in settings:
        enabled = settings.pop("enabled")
        if not isinstance(enabled, bool):
            raise loc.error(ConfigError, base + ("enabled",), "'enabled' must be true or false")
    params = None
    raw = None
    if settings:
        from dataclasses import fields

        from .checks import CHECKS
        from .rules import build_params

        options = [f.name for f in fields(CHECKS[rule.check].params)]
        for k in settings:
            if k not in options:
                raise loc.error(ConfigError, base + (k,), f"unknown option '{k}' for rule {rule.id} "
                                f"({rule.name})", key=True,
                                hint=did_you_mean(k, [*RULE_OVERRIDE_KEYS, *options])
                                or f"options: {', '.join([*RULE_OVERRIDE_KEYS, *options])}")

        raw = {**rule.raw_params, **settings}
        try:
            params = build_params(CHECKS[rule.check].params, raw, loc, base, f"rule {rule.id} ({rule.name})")
        except RuleFileError as exc:  # same validation, reported as a config mistake
            raise ConfigError(exc.path, exc.message, exc.line, exc.col, exc.hint) from None
    return rule.with_overrides(severity=severity, enabled=enabled, params=params, raw_params=raw)


def ignored_for(cfg: Config, relpath: str) -> tuple[str, ...]:
    """Rule selectors ignored for one file by `per-file-ignores` (globs relative to the root)."""
    out: list[str] = []
    for glob, ids in cfg.per_file_ignores.items():
        if fnmatch.fnmatch(relpath, glob) or fnmatch.fnmatch(Path(relpath).name, glob):
            out.extend(ids)
    return tuple(out)


def user_rules(cfg: Config) -> list[Rule]:
    from .rules import load_rule_dir

    out: list[Rule] = []
    for folder in cfg.rule_paths:
        out.extend(load_rule_dir(folder))
    return out
