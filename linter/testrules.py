"""`reportlint test-rules PATH...`: run the pass/fail examples of rules, so house rules get tests.

Two sources of examples are run for each PATH (a folder or a file):
(a) case files (the linter/casefile.py format: `rule:` and `cases:` with [[marked]]
    spans) found under PATH; each case must report exactly its marked spans;
(b) the `doc.fail` / `doc.pass` examples of each rule under test: every fail example
    must produce at least one finding of its rule, every pass example none. Rules under
    test are the rule files found under PATH plus the config's `rule_paths` rules
    (a bundled rule file under PATH is recognised by its content and tested too).

The config is `--config`, or the nearest one above PATH, so `rule_paths` and `period`
apply as they do for `check`. Output: one `path:line: case NAME: expected ..., got ...`
line per failing case, then a summary. Exit 0 all pass, 1 a case failed, 2 a file
could not be loaded (the other files are still tested).
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .casefile import load_cases, run_case
from .config import CONFIG_NAMES, Config, load_config, select_rules, user_rules
from .errors import RuleFileError, UserError, did_you_mean
from .rules import Rule, builtin_rule_files, load_rules, parse_rule
from .yamlsource import load_yaml


@dataclass
class Failure:
    path: str
    line: int | None
    name: str
    problem: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: case {self.name}: {self.problem}"


@dataclass
class Outcome:
    passed: int = 0
    failures: list[Failure] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # files that could not be loaded
    warnings: list[str] = field(default_factory=list)
    case_files: int = 0
    rules: int = 0
    seen: set = field(default_factory=set)  # rules and case files already run (several PATHs)

    @property
    def status(self) -> int:
        return 2 if self.errors else 1 if self.failures else 0

    def summary(self) -> str:
        total = self.passed + len(self.failures)
        text = (f"{total} case{'s' if total != 1 else ''}: {self.passed} passed, "
                f"{len(self.failures)} failed ({self.case_files} case file"
                f"{'s' if self.case_files != 1 else ''}, doc examples of {self.rules} "
                f"rule{'s' if self.rules != 1 else ''})")
        if self.errors:
            text += f"; {len(self.errors)} file{'s' if len(self.errors) != 1 else ''} could not be loaded"
        return text


def _display(path: str | Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel.replace(os.sep, "/")


def _yaml_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    out = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith((".yaml", ".yml")) and not name.startswith(".") and name not in CONFIG_NAMES:
                out.append(Path(folder) / name)
    return out


def _classify(path: Path) -> tuple[str, str]:
    """('case' | 'rule' | 'other', text) for one YAML file; RuleFileError if unreadable."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(_display(path), f"cannot read file: {exc}") from None
    data = load_yaml(text, _display(path), RuleFileError).data
    if isinstance(data, dict) and "cases" in data:
        return "case", text
    if isinstance(data, dict) and "check" in data and "id" in data:
        return "rule", text
    return "other", text


def _example_lines(rule: Rule, text: str | None, key: str) -> list[int | None]:
    """Line of each doc.fail / doc.pass example in the rule file (for the failure lines)."""
    examples = rule.doc.fail if key == "fail" else rule.doc.pass_
    if text is None:
        return [None] * len(examples)
    loc = load_yaml(text, rule.source, RuleFileError)
    raw = (loc.data.get("doc") or {}).get(key)
    if isinstance(raw, list):
        return [loc.where(("doc", key, i))[0] for i in range(len(examples))]
    return [loc.where(("doc", key))[0]] * len(examples)


def _run_example(rule: Rule, text: str, should_fail: bool, all_rules: list[Rule],
                 cfg: Config) -> str | None:
    """Why a doc example does not behave as its section says, or None."""
    from .document import parse_document
    from .engine import RuleSet, lint_document

    chosen = select_rules(Config(), all_rules, extra_select=(rule.id,))
    doc = parse_document(text, "example.txt")
    doc.period = doc.period or cfg.period
    doc.published = doc.published or cfg.published
    found = [f for f in lint_document(doc, RuleSet(chosen)) if f.rule_id == rule.id]
    if should_fail and not found:
        return f"expected a finding of {rule.id}, got none"
    if not should_fail and found:
        got = ", ".join(repr(text[f.span.start:f.span.end]) for f in found)
        return f"expected no finding of {rule.id}, got {got} ({found[0].message})"
    return None


def check_path(root: Path, config: Path | None, out: Outcome) -> None:
    """Load the rules and cases for one PATH and run them, recording into `out`."""
    try:
        cfg = load_config(config) if config else load_config(
            None, search_from=root if root.is_dir() else root.parent)
        extra = user_rules(cfg)
    except UserError as exc:
        out.errors.append(str(exc))
        return
    known_sources = {Path(r.source).resolve(): r for r in extra}
    builtin_texts = {text: name for name, text in builtin_rule_files()}
    under_test: dict[str, tuple[Rule | None, str | None, str]] = {}  # id -> (rule, text, display)
    for r in extra:
        try:
            text = Path(r.source).read_text(encoding="utf-8")
        except OSError:
            text = None
        under_test[r.id] = (r, text, _display(r.source))
    case_files: list[tuple[Path, str]] = []
    for path in _yaml_files(root):
        try:
            kind, text = _classify(path)
        except UserError as exc:
            out.errors.append(str(exc))
            continue
        if kind == "case":
            case_files.append((path, text))
        elif kind == "rule":
            resolved = path.resolve()
            if resolved in known_sources:
                continue  # already loaded through rule_paths
            if text in builtin_texts:  # a bundled rule's own file: test the loaded rule
                under_test.setdefault(f"builtin:{builtin_texts[text]}", (None, text, _display(path)))
                continue
            try:
                rule = parse_rule(text, _display(path), builtin=False)
            except UserError as exc:
                out.errors.append(str(exc))
                continue
            extra.append(rule)
            known_sources[resolved] = rule
            under_test[rule.id] = (rule, text, _display(path))
    try:
        all_rules = load_rules(extra)
    except UserError as exc:
        out.errors.append(str(exc))
        return
    by_key = {r.id: r for r in all_rules} | {r.name: r for r in all_rules}
    builtin_by_source = {r.source: r for r in all_rules if r.builtin}

    # (b) doc examples of the rules under test
    for key, (rule, text, display) in sorted(under_test.items()):
        if rule is None:
            rule = builtin_by_source.get(key.split(":", 1)[1])
            if rule is None:
                continue
        seen_key = ("rule", rule.source if rule.builtin else str(Path(rule.source).resolve()))
        if seen_key in out.seen:
            continue
        out.seen.add(seen_key)
        if rule.check == "engine":
            continue  # raised by the engine itself; its examples are descriptions
        out.rules += 1
        if rule.doc is None:
            out.warnings.append(f"{display}: warning: rule {rule.id} ({rule.name}) has no doc, "
                                "so it has no examples to test")
            out.rules -= 1
            continue
        for section, examples in (("fail", rule.doc.fail), ("pass", rule.doc.pass_)):
            lines = _example_lines(rule, text, section)
            for i, example in enumerate(examples):
                name = f"{rule.id} doc.{section}" + (f"[{i + 1}]" if len(examples) > 1 else "")
                try:
                    problem = _run_example(rule, example, section == "fail", all_rules, cfg)
                except Exception as exc:  # noqa: BLE001 - report, keep testing the rest
                    problem = f"the rule raised {type(exc).__name__}: {exc}"
                if problem:
                    out.failures.append(Failure(display, lines[i], name, problem))
                else:
                    out.passed += 1

    # (a) case files
    for path, text in case_files:
        if ("case", path.resolve()) in out.seen:
            continue
        out.seen.add(("case", path.resolve()))
        display = _display(path)
        try:
            rule_key, cases = load_cases(text, display)
        except UserError as exc:
            out.errors.append(str(exc))
            continue
        rule = by_key.get(rule_key)
        if rule is None:
            loc = load_yaml(text, display, RuleFileError)
            line, col = loc.where(("rule",))
            out.errors.append(str(RuleFileError(
                display, f"case file names unknown rule '{rule_key}'", line, col,
                did_you_mean(rule_key, by_key) or "is its folder in the config's rule_paths?")))
            continue
        out.case_files += 1
        for case in cases:
            try:
                result = run_case(rule, case, all_rules)
                ok, problem = result.ok, result.problem
            except UserError as exc:  # e.g. bad `options` in a case
                ok, problem = False, str(exc)
            except Exception as exc:  # noqa: BLE001
                ok, problem = False, f"the rule raised {type(exc).__name__}: {exc}"
            if ok:
                out.passed += 1
            else:
                out.failures.append(Failure(display, case.line, case.name, problem))


def run(paths: list[str], config: Path | None = None) -> Outcome:
    out = Outcome()
    for p in paths:
        root = Path(p)
        if not root.exists():
            out.errors.append(f"{p}: no such file or folder")
            continue
        check_path(root, config, out)
    if not out.errors and out.passed + len(out.failures) == 0:
        out.errors.append("no rule examples or case files found in " + ", ".join(paths))
    return out


def cmd_test_rules(args) -> int:
    out = run(args.paths, args.config)
    for w in out.warnings:
        print(w, file=sys.stderr)
    for e in out.errors:
        print(e, file=sys.stderr)
    for f in out.failures:
        print(f)
    print(out.summary())
    return out.status
