"""Rules: one YAML file each, validated strictly against the check kind they name.

Every mistake in a rule file is a RuleFileError pointing at the key or value at fault,
with a did-you-mean hint, so a rule author never has to guess what went wrong.
"""
from __future__ import annotations

import dataclasses
import re
import string
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from importlib import resources
from .checks import CHECKS, Params
from .errors import RuleFileError, did_you_mean
from .findings import SEVERITY_NAMES, Severity
from .yamlsource import Located, load_yaml

ID_RE = re.compile(r"^[A-Z][A-Z0-9]{0,5}[0-9]{3}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
CATEGORY_RE = re.compile(r"^[a-z][a-z0-9-]*$")
TOP_KEYS = ("id", "name", "check", "category", "severity", "enabled", "message",
            "suggestion", "params", "doc")
REQUIRED = ("id", "name", "check", "category", "severity", "message", "doc")
DOC_KEYS = ("what", "why", "fail", "pass", "options", "references")
DOC_REQUIRED = ("what", "why", "fail", "pass")


@dataclass(frozen=True)
class RuleDoc:
    what: str
    why: str
    fail: tuple[str, ...]
    pass_: tuple[str, ...]
    options: str | None = None
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    check: str
    category: str
    severity: Severity
    enabled: bool
    message: str
    suggestion: str | None
    params: Params
    raw_params: dict = field(hash=False, compare=False)
    doc: RuleDoc | None
    source: str  # path of the rule file, for errors and `reportlint rules`
    builtin: bool = True

    def matches(self, selector: str) -> bool:
        """A selector is ALL, a family prefix ("Q"), an id, a name, or a category."""
        return selector in ("ALL", self.id, self.name, self.category) or (
            selector.isalpha() and selector.isupper() and self.id.startswith(selector))

    def with_overrides(self, *, severity: Severity | None = None, enabled: bool | None = None,
                       params: Params | None = None, raw_params: dict | None = None) -> "Rule":
        return dataclasses.replace(
            self,
            severity=self.severity if severity is None else severity,
            enabled=self.enabled if enabled is None else enabled,
            params=self.params if params is None else params,
            raw_params=self.raw_params if raw_params is None else raw_params,
        )


def template_fields(template: str) -> list[str]:
    """Names used as `{name}` in a message template (raises ValueError if malformed)."""
    names = []
    for _, name, _, _ in string.Formatter().parse(template):
        if name is not None:
            if not name or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                raise ValueError(f"template field {{{name}}} is not a plain name")
            names.append(name)
    return names


def _type_name(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        return "one of " + ", ".join(repr(a) for a in typing.get_args(tp))
    if origin in (list, tuple):
        return "a list of " + _type_name(typing.get_args(tp)[0]) + "s"
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a) for a in typing.get_args(tp))
    return {str: "a string", int: "an integer", float: "a number", bool: "true or false",
            type(None): "null", dict: "a mapping"}.get(tp, getattr(tp, "__name__", str(tp)))


# Which YAML values each scalar option type accepts (bool is not an int here).
_SCALARS = {
    bool: lambda v: isinstance(v, bool),
    int: lambda v: isinstance(v, int) and not isinstance(v, bool),
    float: lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    str: lambda v: isinstance(v, str),
    dict: lambda v: isinstance(v, dict),
    type(None): lambda v: v is None,
}


def coerce(value: Any, tp: Any) -> Any:
    """Check `value` against a Params field type; return the converted value or raise TypeError."""
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        if value in typing.get_args(tp):
            return value
        raise TypeError
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(tp):
            try:
                return coerce(value, arg)
            except TypeError:
                continue
        raise TypeError
    if origin in (list, tuple):
        if not isinstance(value, list):
            raise TypeError
        (item_tp, *_rest) = typing.get_args(tp)
        return tuple(coerce(v, item_tp) for v in value)
    accepts = _SCALARS.get(tp)
    if accepts is None or not accepts(value):
        raise TypeError
    return float(value) if tp is float else value
    raise TypeError


def build_params(cls: type[Params], raw: dict, located: Located, base: tuple,
                 what: str) -> Params:
    """Validate `raw` against the Params dataclass `cls`; errors point at `located` marks."""
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    values = {}
    for key, val in raw.items():
        if key not in names:
            raise located.error(RuleFileError, base + (key,),
                                f"unknown option '{key}' for {what}", key=True,
                                hint=did_you_mean(key, names) or f"options: {', '.join(names)}")
        try:
            values[key] = coerce(val, hints[key])
        except TypeError:
            raise located.error(RuleFileError, base + (key,),
                                f"option '{key}' of {what} must be {_type_name(hints[key])}, "
                                f"not {val!r}") from None
    try:
        params = cls(**values)
    except (ValueError, TypeError) as exc:
        raise located.error(RuleFileError, base, f"invalid options for {what}: {exc}") from None
    # Hook for checks whose options are a language of their own (house rules: conditions,
    # regexes): `validate` raises RuleFileError pointing inside the option's value.
    validate = getattr(params, "validate", None)
    if callable(validate):
        validate(located, base)
    return params


def _str(loc: Located, data: dict, key: str, required: bool = True) -> str | None:
    val = data.get(key)
    if val is None:
        if required:
            raise loc.error(RuleFileError, (), f"missing required key '{key}'")
        return None
    if not isinstance(val, str) or not val.strip():
        raise loc.error(RuleFileError, (key,), f"'{key}' must be a non-empty string, not {val!r}")
    return val


def _examples(loc: Located, doc: dict, key: str) -> tuple[str, ...]:
    val = doc.get(key)
    if isinstance(val, str) and val.strip():
        return (val,)
    if isinstance(val, list) and val and all(isinstance(v, str) and v.strip() for v in val):
        return tuple(val)
    raise loc.error(RuleFileError, ("doc", key),
                    f"doc.{key} must be an example text or a list of them")


def _parse_doc(loc: Located, raw: Any) -> RuleDoc:
    if not isinstance(raw, dict):
        raise loc.error(RuleFileError, ("doc",), "'doc' must be a mapping with what, why, fail, pass")
    for key in raw:
        if key not in DOC_KEYS:
            raise loc.error(RuleFileError, ("doc", key), f"unknown doc key '{key}'", key=True,
                            hint=did_you_mean(key, DOC_KEYS) or f"keys: {', '.join(DOC_KEYS)}")
    for key in DOC_REQUIRED:
        if key not in raw:
            raise loc.error(RuleFileError, ("doc",), f"doc is missing '{key}'", key=True)
    for key in ("what", "why", "options"):
        if key in raw and not (isinstance(raw[key], str) and raw[key].strip()):
            raise loc.error(RuleFileError, ("doc", key), f"doc.{key} must be a non-empty string")
    refs = raw.get("references") or []
    if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
        raise loc.error(RuleFileError, ("doc", "references"), "doc.references must be a list of strings")
    return RuleDoc(raw["what"].strip(), raw["why"].strip(), _examples(loc, raw, "fail"),
                   _examples(loc, raw, "pass"), raw.get("options"), tuple(refs))


def parse_rule(text: str, source: str, builtin: bool = True) -> Rule:
    loc = load_yaml(text, source, RuleFileError)
    data = loc.data
    if not isinstance(data, dict):
        raise RuleFileError(source, "a rule file must be a YAML mapping", 1, 1)
    for key in data:
        if key not in TOP_KEYS:
            raise loc.error(RuleFileError, (key,), f"unknown key '{key}'", key=True,
                            hint=did_you_mean(key, TOP_KEYS) or f"keys: {', '.join(TOP_KEYS)}")
    for key in REQUIRED:
        if key == "doc":
            if builtin and key not in data:  # user rules without a doc are reported, not refused
                raise loc.error(RuleFileError, (), "missing required key 'doc'")
        else:
            _str(loc, data, key)
    rid, name, kind = data["id"], data["name"], data["check"]
    if not isinstance(rid, str) or not ID_RE.match(rid):
        raise loc.error(RuleFileError, ("id",), f"rule id {rid!r} must be a capital letter "
                        "family and three digits, like Q001")
    if not NAME_RE.match(name):
        raise loc.error(RuleFileError, ("name",), f"rule name {name!r} must be kebab-case")
    if not CATEGORY_RE.match(data["category"]):
        raise loc.error(RuleFileError, ("category",), "category must be a lowercase word")
    if kind not in CHECKS:
        raise loc.error(RuleFileError, ("check",), f"unknown check kind '{kind}'",
                        hint=did_you_mean(kind, CHECKS) or f"kinds: {', '.join(sorted(CHECKS))}")
    sev = data["severity"]
    if sev not in SEVERITY_NAMES:
        raise loc.error(RuleFileError, ("severity",), f"severity must be error, warning or info, not {sev!r}",
                        hint=did_you_mean(sev, SEVERITY_NAMES))
    enabled = data.get("enabled", True)
    if not isinstance(enabled, bool):
        raise loc.error(RuleFileError, ("enabled",), "'enabled' must be true or false")
    ck = CHECKS[kind]
    raw_params = data.get("params") or {}
    if not isinstance(raw_params, dict):
        raise loc.error(RuleFileError, ("params",), "'params' must be a mapping")
    params = build_params(ck.params, raw_params, loc, ("params",), f"check '{kind}'")
    message = data["message"]
    suggestion = data.get("suggestion")
    if suggestion is not None and not (isinstance(suggestion, str) and suggestion.strip()):
        raise loc.error(RuleFileError, ("suggestion",), "'suggestion' must be a string template")
    allowed = set(ck.fields) | {f.name for f in dataclasses.fields(ck.params)}
    for key, tmpl in (("message", message), ("suggestion", suggestion)):
        if tmpl is None:
            continue
        try:
            used = template_fields(tmpl)
        except ValueError as exc:
            raise loc.error(RuleFileError, (key,), f"bad {key} template: {exc}") from None
        for f in used:
            if f not in allowed:
                raise loc.error(RuleFileError, (key,),
                                f"{key} template uses {{{f}}}, which check '{kind}' does not provide",
                                hint=did_you_mean(f, allowed) or f"fields: {', '.join(sorted(allowed))}")
    doc = _parse_doc(loc, data["doc"]) if "doc" in data else None
    return Rule(rid, name, kind, data["category"], Severity.parse(sev), enabled, message.strip(),
                suggestion.strip() if suggestion else None, params, dict(raw_params), doc,
                source, builtin)


def _check_unique(rules: list[Rule]) -> None:
    seen: dict[str, Rule] = {}
    for r in rules:
        for key in (r.id, r.name):
            if key in seen:
                raise RuleFileError(r.source, f"duplicate rule {'id' if key == r.id else 'name'} "
                                    f"'{key}' (also in {seen[key].source})", 1, 1)
            seen[key] = r


BUILTIN_PACKAGE = "linter.builtin_rules"


def builtin_rule_files() -> list[tuple[str, str]]:
    """(display path, text) of every bundled rule file, found through importlib.resources."""
    out = []

    def walk(node, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            if child.is_dir() and not child.name.startswith(("_", ".")) and child.name != "packs":
                walk(child, f"{prefix}{child.name}/")
            elif child.name.endswith(".yaml"):
                out.append((f"{prefix}{child.name}", child.read_text(encoding="utf-8")))

    walk(resources.files(BUILTIN_PACKAGE), "rules/")
    return out


def load_builtin_rules() -> list[Rule]:
    rules = [parse_rule(text, name) for name, text in builtin_rule_files()]
    _check_unique(rules)
    return rules


def load_rule_dir(folder: Path) -> list[Rule]:
    """User rules from a folder (config `rule_paths`), read recursively."""
    out = []
    for path in sorted(list(folder.rglob("*.yaml")) + list(folder.rglob("*.yml"))):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RuleFileError(str(path), f"cannot read rule file: {exc}") from None
        out.append(parse_rule(text, str(path), builtin=False))
    return out


def load_rules(extra: Iterable[Rule] = ()) -> list[Rule]:
    rules = load_builtin_rules() + list(extra)
    _check_unique(rules)
    return sorted(rules, key=lambda r: r.id)
