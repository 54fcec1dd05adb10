"""The `reportlint` command line: argument parsing, choosing a reporter, exit codes.

Exit codes: 0 no finding at or above --fail-on; 1 there is one; 2 usage, config or
rule-file errors, or an input that could not be read (the other inputs are still linted).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import __version__
from .config import FAIL_ON, Config, load_config, select_rules, user_rules
from .errors import UsageError, UserError
from .results import severity_at_least
from .reporters import NEEDS_RULES, REPORTERS, pick
from .runner import discover, prepare, read_input, run

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which a cached run need not
if TYPE_CHECKING:  # rules and the pipeline are imported when used (see linter/deferred.py)
    from .rules import Rule


def _csv(values: list[str] | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    return tuple(v.strip() for item in values for v in item.split(",") if v.strip())


def _jobs(value: str) -> int:
    n = int(value) if value.isdigit() else 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {value!r}")
    return n


def _common(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--config", type=Path, help="config file (default: nearest .reportlint.yaml "
                    "or pyproject.toml [tool.reportlint])")
    sp.add_argument("--period", help="the period the report covers (a year or YYYY-MM)")
    sp.add_argument("--published", help="the report's publication date (YYYY-MM-DD)")


def _check_args(c: argparse.ArgumentParser) -> None:
    c.add_argument("paths", nargs="*", default=["."], help="files, folders, or - for stdin")
    c.add_argument("--format", default="auto", choices=["auto", *REPORTERS])
    c.add_argument("--select", action="append", help="only these rules (ids, names, families, categories)")
    c.add_argument("--ignore", action="append", help="skip these rules")
    c.add_argument("--fail-on", choices=FAIL_ON, help="lowest severity that makes the exit code 1")
    c.add_argument("--include", action="append", help="glob of files to lint inside folders")
    c.add_argument("--exclude", action="append", help="glob of files or folders to skip")
    c.add_argument("--stdin-filename", help="name (and so format) of the text read from -")
    c.add_argument("--no-color", action="store_true", help="never colour the text output")
    # Editorial workflow (#6): changed lines only, parallel runs, cache.
    c.add_argument("--diff", "--changed-since", dest="diff", metavar="REF",
                   help="report only findings on lines changed since git REF (working tree "
                   "included; REF... = since the merge base with HEAD)")
    c.add_argument("--jobs", "-j", type=_jobs, default=None, metavar="N",
                   help="files linted in parallel (default: number of CPUs)")
    c.add_argument("--no-cache", action="store_true",
                   help="do not read or write .reportlint_cache/")
    _common(c)


def _claims_args(cl: argparse.ArgumentParser) -> None:
    cl.add_argument("paths", nargs="+")
    cl.add_argument("--format", default="table", choices=["table", "json"])
    cl.add_argument("--stdin-filename")
    _common(cl)


def _rules_args(r: argparse.ArgumentParser) -> None:
    r.add_argument("--format", default="table", choices=["table", "json"])
    _common(r)


def _explain_args(e: argparse.ArgumentParser) -> None:
    e.add_argument("rule", help="rule id or name")
    _common(e)


def _test_rules_args(tr: argparse.ArgumentParser) -> None:
    # House rules (#8): run rules' doc examples and case files; see linter/testrules.py.
    tr.add_argument("paths", nargs="+", help="folders or files with rules and case files")
    tr.add_argument("--config", type=Path, help="config file (default: nearest one above each path)")


_DECLARE = {  # command: (help, declares its arguments)
    "check": ("lint report drafts", _check_args),
    "claims": ("list every figure and date the grammar reads", _claims_args),
    "rules": ("list the rules", _rules_args),
    "explain": ("print a rule's documentation", _explain_args),
    "config": ("print the resolved configuration", _common),
    "test-rules": ("run the pass/fail examples of rules and case files", _test_rules_args),
}
COMMANDS = tuple(_DECLARE)


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line, or with `command` only the part that parses it: every run pays
    for the options it declares, and a run answered from the cache takes ~0.1 s."""
    p = argparse.ArgumentParser(prog="reportlint", description="Consistency linter for report drafts.")
    p.add_argument("--version", action="version", version=f"reportlint {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_, declare) in _DECLARE.items():
        if command in (None, name):
            declare(sub.add_parser(name, help=help_))
    return p


def _load_config(args, cache: bool = False) -> Config:
    cfg = load_config(args.config, cache=cache)
    for key in ("period", "published"):
        val = getattr(args, key, None)
        if val:
            setattr(cfg, key, val)
    return cfg


def _load(args) -> tuple[Config, list[Rule]]:
    from .rules import load_rules

    cfg = _load_config(args)
    return cfg, load_rules(user_rules(cfg))


def cmd_check(args) -> int:
    from .deferred import DeferredRules

    cfg = _load_config(args, cache=not args.no_cache)
    if args.fail_on:
        cfg.fail_on = args.fail_on
    select, ignore = _csv(args.select), _csv(args.ignore) or ()

    def load():
        from .engine import RuleSet
        from .rules import load_rules

        return RuleSet(select_rules(cfg, load_rules(user_rules(cfg)), extra_select=select,
                                    extra_ignore=ignore))

    # Loaded only if some file is not answered from the cache; the cache's run key holds
    # the rule files and config themselves, plus this selection.
    rules = DeferredRules(load, fingerprint=repr((select, ignore)))
    inputs = discover(args.paths, cfg, stdin_filename=args.stdin_filename,
                      include=_csv(args.include) or (), exclude=_csv(args.exclude) or ())
    changes = None
    if args.diff:
        from .changes import changed_lines

        changes = changed_lines(inputs, args.diff)
    from .parallel import default_jobs

    results = run(inputs, cfg, rules, jobs=args.jobs or default_jobs(),
                  cache=not args.no_cache, changes=changes, progress=True)
    fmt = pick(args.format)
    color = (fmt == "text" and sys.stdout.isatty() and not args.no_color
             and not os.environ.get("NO_COLOR"))
    described = rules.get().all if fmt in NEEDS_RULES else None
    sys.stdout.write(REPORTERS[fmt](results, color=color, rules=described))
    unreadable = [r for r in results if r.error]
    for r in unreadable:
        print(f"{r.path}: error: {r.error}", file=sys.stderr)
    if unreadable:
        return 2
    return 1 if severity_at_least((f for r in results for f in r.findings), cfg.fail_on) else 0


def cmd_claims(args) -> int:
    from .grammar import extract

    cfg = _load_config(args)
    inputs = discover(args.paths, cfg, stdin_filename=args.stdin_filename)
    records, status = [], 0
    from .reader import InputError

    for inp in inputs:
        try:
            text, warnings = read_input(inp)
        except InputError as exc:
            print(f"{inp.display}: error: {exc.message}", file=sys.stderr)
            status = 2
            continue
        doc = prepare(text, inp.display, cfg, warnings)
        records.extend(c.to_dict(doc.path, doc.lines) for c in extract(doc))
    if args.format == "json":
        sys.stdout.write(json.dumps(records, indent=2, ensure_ascii=False) + "\n")
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(show_edge=False)
        for col in ("path", "line", "kind", "text", "value"):
            table.add_column(col)
        for r in records:
            table.add_row(r["path"], f"{r['start']['line']}:{r['start']['column']}", r["kind"],
                          r["text"].replace("\n", " "), _claim_value(r))
        Console(no_color=bool(os.environ.get("NO_COLOR")), highlight=False).print(table)
    return status


def _claim_value(r: dict) -> str:
    parts = []
    if r["kind"] in ("range",):
        parts.append(f"{r['low']}..{r['high']}")
    elif r["kind"] == "period":
        parts.append(f"{r['from']}..{r['to']}")
    elif r["timex"]:
        parts.append(r["timex"])
    elif r["value"] is not None:
        parts.append(str(r["value"]))
    if r["unit"]:
        parts.append(r["unit"])
    if r["bound"] != "exact":
        parts.append(f"({r['bound']})")
    if r["noun"]:
        parts.append(f"[{r['noun']}]")
    return " ".join(parts)


def cmd_rules(args) -> int:
    cfg, rules = _load(args)
    selected = select_rules(cfg, rules)
    if args.format == "json":
        out = [{"id": r.id, "name": r.name, "category": r.category, "severity": str(r.severity),
                "enabled": r.enabled, "check": r.check, "source": r.source,
                "documented": r.doc is not None} for r in selected]
        sys.stdout.write(json.dumps(out, indent=2) + "\n")
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table(show_edge=False)
    for col in ("id", "name", "category", "severity", "enabled"):
        table.add_column(col)
    undocumented = []
    for r in selected:
        table.add_row(r.id, r.name, r.category, str(r.severity), "yes" if r.enabled else "no")
        if r.doc is None:
            undocumented.append(r)
    Console(no_color=bool(os.environ.get("NO_COLOR")), highlight=False, soft_wrap=True).print(table)
    for r in undocumented:
        print(f"{r.source}: warning: rule {r.id} ({r.name}) has no doc", file=sys.stderr)
    return 0


def explain_text(rule: Rule) -> str:
    lines = [f"{rule.id} {rule.name}", "",
             f"Category: {rule.category}    Default severity: {rule.severity}    "
             f"Enabled by default: {'yes' if rule.enabled else 'no'}", ""]
    if rule.doc is None:
        lines.append("This rule has no documentation.")
        return "\n".join(lines) + "\n"
    d = rule.doc
    lines += ["## What it does", d.what, "", "## Why", d.why, ""]
    lines += ["## Example: flagged"] + [f"    {t}" for t in d.fail] + [""]
    lines += ["## Example: not flagged"] + [f"    {t}" for t in d.pass_] + [""]
    lines += ["## Message", f"    {rule.message}", ""]
    opts = {k: getattr(rule.params, k) for k in rule.params.__dataclass_fields__}
    lines += ["## Options"] + [f"    {k}: {v!r}" for k, v in opts.items()]
    if d.options:
        lines += ["", d.options]
    if d.references:
        lines += ["", "## References"] + [f"- {r}" for r in d.references]
    return "\n".join(lines) + "\n"


def cmd_explain(args) -> int:
    cfg, rules = _load(args)
    for r in select_rules(cfg, rules):
        if args.rule in (r.id, r.name) or args.rule.upper() == r.id:
            sys.stdout.write(explain_text(r))
            return 0
    from .errors import did_you_mean

    raise UsageError(None, f"unknown rule '{args.rule}'",
                     hint=did_you_mean(args.rule, [r.id for r in rules] + [r.name for r in rules]))


def cmd_config(args) -> int:
    import yaml

    cfg, _ = _load(args)  # loading the rules too reports broken rule files here
    sys.stdout.write(yaml.safe_dump(cfg.to_dict(), sort_keys=False))
    return 0


def cmd_test_rules(args) -> int:
    from .testrules import cmd_test_rules as run_test_rules

    return run_test_rules(args)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version"):
        argv.insert(0, "check")  # `reportlint FILE...` means `reportlint check FILE...`
    if not argv:
        argv = ["check"]
    args = _parser(argv[0] if argv[0] in COMMANDS else None).parse_args(argv)
    handler = {"check": cmd_check, "claims": cmd_claims, "rules": cmd_rules,
               "explain": cmd_explain, "config": cmd_config, "test-rules": cmd_test_rules}[args.command]
    try:
        return handler(args)
    except UserError as exc:
        print(f"{exc}" if exc.path else f"reportlint: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
