"""Editorial workflow: --diff (changed lines only), --jobs (parallel runs) and the cache.

The drafts use only T001 ("February 30, 2019") so these tests do not depend on other rules.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from linter import cache as cache_mod
from linter import parallel
from linter.changes import Changes, changed_lines, parse_diff, unquote
from linter.config import load_config
from linter.engine import RuleSet
from linter.rules import load_rules
from linter.runner import discover, run

BAD = "The hearing was held on February 30, 2019.\n"
GOOD = "The hearing was held on February 28, 2019.\n"
BAD2 = "A second hearing followed on April 31, 2019.\n"


def many_drafts(folder: Path, n: int = 30) -> None:
    for i in range(n):
        body = [f"# Draft {i}\n\n"]
        body += [GOOD] * (i % 4) + ([BAD] if i % 3 == 0 else []) + ([BAD2] if i % 5 == 0 else [])
        (folder / f"d{i:02d}.md").write_text("".join(body), encoding="utf-8")
    (folder / "blob.txt").write_bytes(b"\x00\x01binary\x00" * 10)  # an unreadable input among them


# ---------------------------------------------------------------- --jobs

@pytest.mark.parametrize("fmt", ["concise", "json", "sarif", "text"])
def test_parallel_output_is_identical_to_serial(tmp_path, capsys, monkeypatch, fmt, run_cli):
    many_drafts(tmp_path)
    serial = run_cli(["check", ".", "--format", fmt, "--jobs", "1", "--no-cache"], tmp_path)
    para = run_cli(["check", ".", "--format", fmt, "--jobs", "2", "--no-cache"], tmp_path)
    assert para == serial
    assert serial[0] == 2 and "blob.txt" in serial[2]  # the binary file is reported, the rest linted
    if fmt == "concise":
        assert serial[1].count("T001") == 10 + 6 and serial[1].count("April 31") == 6


def test_results_come_back_in_input_order(tmp_path, monkeypatch):
    many_drafts(tmp_path, 12)
    monkeypatch.chdir(tmp_path)
    cfg = load_config(None)
    inputs = discover(["."], cfg)
    rules = RuleSet(load_rules())
    res = parallel.lint_all(inputs, cfg, rules, jobs=2)
    assert [r.path for r in res] == [i.display for i in inputs]
    assert [len(r.findings) for r in res] == [len(r.findings) for r in parallel.lint_all(inputs, cfg, rules)]
    # workers send light documents that the text reporter can still read
    bad = next(r for r in res if r.findings)
    assert bad.document.text[bad.findings[0].span.start:bad.findings[0].span.end] in (
        "February 30, 2019", "April 31, 2019")


def test_jobs_must_be_positive(tmp_path, capsys, monkeypatch, run_cli):
    with pytest.raises(SystemExit):
        run_cli(["check", ".", "--jobs", "0"], tmp_path)


def test_progress_bar_only_on_a_terminal(tmp_path, capsys, monkeypatch, run_cli):
    many_drafts(tmp_path, 25)
    code, out, err = run_cli(["check", ".", "--format", "concise", "-j", "2"], tmp_path)
    assert "linting" not in err  # piped: nothing but the unreadable-file line
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    cfg = load_config(None)
    inputs = [i for i in discover(["."], cfg) if i.display != "blob.txt"]
    res = run(inputs, cfg, RuleSet(load_rules()), jobs=2, progress=True)
    assert len(res) == 25


# ---------------------------------------------------------------- cache

def test_cache_hit_skips_linting_and_gives_the_same_output(tmp_path, capsys, monkeypatch, run_cli):
    many_drafts(tmp_path, 8)
    first = run_cli(["check", ".", "--format", "text", "-j", "1"], tmp_path)
    index = list((tmp_path / ".reportlint_cache").rglob("*.idx"))
    assert len(index) == 1 and len(index[0].read_text().splitlines()) == 1 + 8  # the binary file is not cached
    assert (tmp_path / ".reportlint_cache" / "CACHEDIR.TAG").is_file()

    real = parallel.lint_input

    def guarded(inp, *a):
        if inp.display != "blob.txt":
            raise AssertionError(f"{inp.display} linted although it is cached")
        return real(inp, *a)

    monkeypatch.setattr(parallel, "lint_input", guarded)
    second = run_cli(["check", ".", "--format", "text", "-j", "1"], tmp_path)
    assert second == first  # excerpts re-read from the file


def test_cache_is_invalidated_by_file_config_and_rule_changes(tmp_path, capsys, monkeypatch, run_cli):
    (tmp_path / "r.md").write_text(BAD)
    args = ["check", "r.md", "--format", "concise", "-j", "1"]
    code, out, _ = run_cli(args, tmp_path)
    assert code == 1 and "error T001" in out
    # the file
    (tmp_path / "r.md").write_text(GOOD)
    assert run_cli(args, tmp_path)[:2] == (0, "")
    (tmp_path / "r.md").write_text(BAD)
    assert "error T001" in run_cli(args, tmp_path)[1]
    # the config
    (tmp_path / ".reportlint.yaml").write_text("rules:\n  T001: warning\n")
    code, out, _ = run_cli(args, tmp_path)
    assert (code, "warning T001" in out) == (0, True)
    # CLI selection
    assert run_cli(args + ["--ignore", "T001"], tmp_path)[:2] == (0, "")
    # a user rule file (same check, new message)
    rules_dir = tmp_path / "house"
    rules_dir.mkdir()
    src = Path(__file__).resolve().parents[1] / "rules" / "temporal" / "T001-impossible-date.yaml"
    rule = src.read_text().replace("id: T001", "id: H901").replace("impossible-date", "house-date")
    (rules_dir / "H901-house-date.yaml").write_text(rule)
    (tmp_path / ".reportlint.yaml").write_text("rule_paths: [house]\n")
    out = run_cli(args, tmp_path)[1]
    assert "H901 house-date" in out
    (rules_dir / "H901-house-date.yaml").write_text(rule.replace("is not a date", "is no date"))
    assert "is no date" in run_cli(args, tmp_path)[1]


_PROBE = """
import sys
from linter.cli import main as cli_main
code = cli_main(sys.argv[1:])
heavy = sorted(m for m in ("linter.rules", "linter.engine", "linter.grammar", "linter.checks",
                           "lark", "rich", "yaml", "linter.findings", "linter.spans",
                           "linter.yamlsource", "linter.reader", "dataclasses", "tempfile") if m in sys.modules)
print("LOADED", code, ",".join(heavy), file=sys.stderr)
"""


def _probe(args, cwd):
    """Run the CLI in a fresh interpreter; return (exit code, heavy modules it imported, stdout)."""
    proc = subprocess.run([sys.executable, "-c", _PROBE, *args], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, "NO_COLOR": "1"})
    line = next(ln for ln in proc.stderr.splitlines() if ln.startswith("LOADED"))
    _, code, heavy = (line.split(" ") + [""])[:3]
    return int(code), set(filter(None, heavy.split(","))), proc.stdout


def test_fully_cached_run_loads_no_rules_nor_grammar(tmp_path):
    """Start-up is most of a cached run: rules, grammar and checks are loaded only for a miss,
    and neither dataclasses nor the pipeline's types (cached findings are StoredFindings)."""
    many_drafts(tmp_path, 6)
    (tmp_path / "blob.txt").unlink()
    args = ["check", ".", "--format", "concise", "-j", "1"]
    code, heavy, first = _probe(args, tmp_path)
    assert code == 1 and {"linter.rules", "linter.engine", "linter.grammar"} <= heavy
    code, heavy, second = _probe(args, tmp_path)
    assert (code, second) == (1, first)
    assert heavy == set(), f"a fully cached run imported {heavy}"
    # one changed file: the rules are loaded again, for that file only
    (tmp_path / "d01.md").write_text(BAD)
    code, heavy, third = _probe(args, tmp_path)
    assert "linter.rules" in heavy and third.count("d01.md") == 1
    # SARIF describes every rule of the run, so it loads them even when all is cached
    _probe(["check", ".", "--format", "sarif", "-j", "1"], tmp_path)
    code, heavy, sarif = _probe(["check", ".", "--format", "sarif", "-j", "1"], tmp_path)
    assert "linter.rules" in heavy and '"id": "Q001"' in sarif


def test_broken_rule_file_is_reported_even_when_nothing_needs_linting(tmp_path, capsys, monkeypatch, run_cli):
    (tmp_path / "r.md").write_text(GOOD)
    (tmp_path / "house").mkdir()
    (tmp_path / ".reportlint.yaml").write_text("rule_paths: [house]\n")
    args = ["check", "r.md", "--format", "concise", "-j", "1"]
    assert run_cli(args, tmp_path)[0] == 0  # cached now
    (tmp_path / "house" / "X1-bad.yaml").write_text("id: H950\nname: [oops\n")
    code, _, err = run_cli(args, tmp_path)
    assert code == 2 and "X1-bad.yaml:" in err
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run_cli(["check", "empty", "--format", "concise"], tmp_path)
    assert code == 2 and "X1-bad.yaml:" in err  # no input at all, the rules are still checked


def _linted(monkeypatch) -> list[str]:
    """The inputs linted from now on (not answered from the cache), in order."""
    linted: list[str] = []
    real = parallel.lint_input

    def spy(inp, *a):
        linted.append(inp.display)
        return real(inp, *a)

    monkeypatch.setattr(parallel, "lint_input", spy)
    return linted


def test_damaged_index_lines_are_relinted_and_no_cache_writes_nothing(tmp_path, capsys, monkeypatch, run_cli):
    (tmp_path / "r.md").write_text(BAD)
    (tmp_path / "s.md").write_text(BAD2)
    args = ["check", ".", "--format", "concise", "-j", "1"]
    expected = run_cli(args, tmp_path)
    [index] = (tmp_path / ".reportlint_cache").rglob("*.idx")
    good = index.read_text()
    header, first, second = good.splitlines()
    assert first.startswith('"r.md"\t') and second.startswith('"s.md"\t')
    not_findings = first.rsplit("\t", 1)[0] + '\t[["x"],[[0,1]]]'  # valid JSON, wrong shape
    for damaged, relinted in [("{not an index", ["r.md", "s.md"]),
                              (good.replace(header, header[:-4] + "beef"), ["r.md", "s.md"]),  # other run key
                              (good[:len(header) + len(first) // 2], ["r.md", "s.md"]),  # truncated
                              (f"{header}\n{first[:-9]}\n{second}\n", ["r.md"]),  # one line cut short
                              (f"{header}\n{not_findings}\n{second}\n", ["r.md"])]:
        index.write_text(damaged)
        linted = _linted(monkeypatch)
        assert run_cli(args, tmp_path) == expected
        assert linted == relinted
        assert index.read_text() == good  # rewritten whole
    shutil.rmtree(tmp_path / ".reportlint_cache")
    assert run_cli(args + ["--no-cache"], tmp_path) == expected
    assert not (tmp_path / ".reportlint_cache").exists()


def test_a_changed_draft_is_relinted_alone_and_replaces_its_entry(tmp_path, capsys, monkeypatch, run_cli):
    many_drafts(tmp_path, 6)
    args = ["check", ".", "--format", "concise", "-j", "1"]
    run_cli(args, tmp_path)
    (tmp_path / "d01.md").write_text(BAD)
    linted = _linted(monkeypatch)
    out = run_cli(args, tmp_path)[1]
    assert linted == ["blob.txt", "d01.md"]  # the unreadable file is never cached
    assert "d01.md:1:25: error T001" in out
    [index] = (tmp_path / ".reportlint_cache").rglob("*.idx")
    assert len(index.read_text().splitlines()) == 1 + 6


def test_an_interrupted_run_keeps_what_it_linted(tmp_path, capsys, monkeypatch, run_cli):
    many_drafts(tmp_path, 4)
    (tmp_path / "blob.txt").unlink()
    real = parallel.lint_input

    def interrupted(inp, *a):
        if inp.display == "d02.md":
            raise KeyboardInterrupt
        return real(inp, *a)

    monkeypatch.setattr(parallel, "lint_input", interrupted)
    args = ["check", ".", "--format", "concise", "-j", "1"]
    assert run_cli(args, tmp_path)[0] == 130
    monkeypatch.setattr(parallel, "lint_input", real)
    linted = _linted(monkeypatch)
    run_cli(args, tmp_path)
    assert linted == ["d02.md", "d03.md"]


def test_concurrent_runs_keep_each_others_entries_and_old_run_keys_are_pruned(tmp_path):
    key = "5" * 64
    one, two = cache_mod.Cache(tmp_path, key), cache_mod.Cache(tmp_path, key)  # both read an empty index
    one.put(one.key("a.md", b"A"), [])
    two.put(two.key("b.md", b"B"), [])
    one.save()
    two.save()
    three = cache_mod.Cache(tmp_path, key)
    assert three.get(three.key("a.md", b"A")) == [] and three.get(three.key("b.md", b"B")) == []
    assert three.get(three.key("a.md", b"changed")) is None
    (tmp_path / "other").mkdir()
    for n in range(12):
        cache = cache_mod.Cache(tmp_path / "other", f"{n:02d}" * 32)
        cache.put(cache.key("a.md", b"A"), [])
        cache.save()
        os.utime(cache.path, (n, n))  # each older than the next
    left = sorted(p.name for p in (tmp_path / "other" / ".reportlint_cache" / cache_mod.FORMAT).iterdir())
    assert left == [f"{n:02d}" * 12 + ".idx" for n in range(12 - cache_mod.KEEP_RUN_KEYS, 12)]  # no temp files


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "github", "gitlab", "sarif", "junit"])
def test_cached_output_and_exit_code_are_those_of_a_cold_run(tmp_path, capsys, monkeypatch, run_cli, fmt):
    """Findings of every kind (related locations, suggestions, all severities) come back
    from the cache byte for byte, in every format, with the same exit code."""
    examples = Path(__file__).resolve().parents[1] / "examples"
    for name in ("crt-2019-kazakhstan.txt", "draft-country-report.md"):
        shutil.copy(examples / name, tmp_path / name)
        (tmp_path / name).chmod(0o644)
    (tmp_path / "clean.md").write_text(GOOD)
    (tmp_path / "blob.txt").write_bytes(b"\x00binary")
    for paths, code in ((["."], 2), (["crt-2019-kazakhstan.txt", "draft-country-report.md"], 1),
                        (["clean.md"], 0)):
        args = ["check", *paths, "--format", fmt, "-j", "1"]
        cold = run_cli(args + ["--no-cache"], tmp_path)
        assert cold[0] == code
        assert run_cli(args, tmp_path) == cold  # fills the cache
        linted = _linted(monkeypatch)
        assert run_cli(args, tmp_path) == cold
        assert set(linted) <= {"blob.txt"}


def test_unwritable_cache_folder_is_skipped(tmp_path, capsys, monkeypatch, run_cli):
    (tmp_path / "r.md").write_text(BAD)
    (tmp_path / ".reportlint_cache").write_text("a file where the folder should be")
    code, out, err = run_cli(["check", "r.md", "--format", "concise"], tmp_path)
    assert code == 1 and "T001" in out and err == ""


def test_stored_findings_round_trip_every_field():
    from linter.findings import Finding, Severity
    from linter.spans import Position, Span

    def fields(f):
        pos = lambda p: (p.line, p.column, p.offset)  # noqa: E731
        return (f.rule_id, f.rule_name, f.category, f.severity, type(f.severity), f.path,
                (f.span.start, f.span.end), f.message, pos(f.start), pos(f.end), f.suggestion,
                f.replace, tuple((pos(a), pos(b)) for a, b in f.related), f.to_dict())

    full = Finding("T001", "impossible-date", "temporal", Severity.WARNING, "a\tb é.md", Span(3, 9),
                   "m \u2028 \udcff", Position(1, 4, 3), Position(1, 10, 9), "s", "r",
                   ((Position(1, 1, 0), Position(1, 2, 1)), (Position(2, 1, 5), Position(2, 3, 7))))
    bare = Finding("X002", "input-warning", "input", Severity.INFO, "a.md", Span(0, 0), "m",
                   Position(1, 1, 0), Position(1, 1, 0))
    back = cache_mod.decode(cache_mod.encode([full, bare, full]))
    assert [fields(f) for f in back] == [fields(f) for f in (full, bare, full)]
    assert cache_mod.decode(cache_mod.encode([])) == []
    # the stored records must keep up with the dataclasses they stand in for
    assert cache_mod.StoredFinding.__slots__ == Finding.__slots__
    assert cache_mod.StoredPosition.__slots__ == Position.__slots__
    assert cache_mod.StoredSpan.__slots__ == Span.__slots__


# ---------------------------------------------------------------- --diff

def git(cwd: Path, *args: str) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True,
                          text=True).stdout


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def repo(tmp_path):
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "report.md").write_text("# Report\n\n" + BAD + "\n" + GOOD)
    (tmp_path / "old.md").write_text(BAD)
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "first draft")
    return tmp_path


@needs_git
def test_diff_reports_only_changed_lines(repo, capsys, monkeypatch, run_cli):
    text = (repo / "report.md").read_text().replace(GOOD, BAD2)  # line 5 changes
    (repo / "report.md").write_text(text)
    (repo / "new.md").write_text(BAD)  # untracked: wholly new
    code, out, _ = run_cli(["check", ".", "--format", "concise", "--diff", "HEAD"], repo)
    assert code == 1
    assert out.splitlines() == [
        "new.md:1:25: error T001 impossible-date 'February 30, 2019' is not a date in the calendar: "
        "February has 28 days.",
        "report.md:5:30: error T001 impossible-date 'April 31, 2019' is not a date in the calendar: "
        "April has 30 days.",
    ]
    # staged changes count too, and the alias works
    git(repo, "add", "report.md")
    assert run_cli(["check", ".", "--format", "concise", "--changed-since", "HEAD"], repo)[1] == out
    # everything: without --diff the old findings are back
    assert run_cli(["check", ".", "--format", "concise"], repo)[1].count("\n") == 4


@needs_git
def test_diff_without_changes_passes_and_skips_linting(repo, capsys, monkeypatch, run_cli):
    def fail(inp, *a):
        raise AssertionError(f"{inp.display} is unchanged but was linted")

    monkeypatch.setattr(parallel, "lint_input", fail)
    code, out, _ = run_cli(["check", ".", "--format", "concise", "--diff", "HEAD", "-j", "1"], repo)
    assert (code, out) == (0, "")


@needs_git
def test_diff_against_merge_base(repo, capsys, monkeypatch, run_cli):
    git(repo, "checkout", "-qb", "topic")
    (repo / "report.md").write_text((repo / "report.md").read_text() + "\n" + BAD2)
    git(repo, "commit", "-qam", "topic edit")
    git(repo, "checkout", "-q", "main")
    (repo / "old.md").write_text(GOOD + BAD2)  # a later change on main
    git(repo, "commit", "-qam", "main edit")
    git(repo, "checkout", "-q", "topic")
    out = run_cli(["check", ".", "--format", "concise", "--diff", "main..."], repo)[1]
    assert [line.split(":")[0:2] for line in out.splitlines()] == [["report.md", "7"]]


@needs_git
def test_diff_bad_ref_is_a_usage_error(repo, capsys, monkeypatch, run_cli):
    code, out, err = run_cli(["check", ".", "--diff", "no-such-branch"], repo)
    assert code == 2 and out == ""
    assert "'no-such-branch' is not a commit" in err
    assert run_cli(["check", ".", "--diff=--output=x"], repo)[0] == 2


@needs_git
def test_diff_outside_a_repository_reports_everything(tmp_path, capsys, monkeypatch, run_cli):
    (tmp_path / "a.md").write_text(BAD)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    code, out, _ = run_cli(["check", "a.md", "--format", "concise", "--diff", "HEAD"], tmp_path)
    assert code == 1 and "a.md:1:25" in out


@needs_git
def test_deleted_lines_touch_their_neighbours(repo, monkeypatch):
    (repo / "report.md").write_text("# Report\n\n" + BAD + "\n")  # the last line is deleted
    monkeypatch.chdir(repo)
    cfg = load_config(None)
    ch = changed_lines(discover(["."], cfg), "HEAD")
    assert ch.lines == {"old.md": frozenset(), "report.md": frozenset({4, 5})}


def test_parse_diff_and_unquote():
    diff = ("diff --git a/x.md b/x.md\n--- a/x.md\n+++ b/x.md\n@@ -3 +3 @@ x\n-a\n+b\n"
            "@@ -10,2 +10,0 @@\n-c\n-d\n@@ -20,0 +21,3 @@\n+e\n+f\n+g\n"
            'diff --git "a/t\\tb.md" "b/t\\tb.md"\n--- "a/t\\tb.md"\n+++ "b/t\\tb.md"\n@@ -0,0 +1 @@\n+x\n'
            "diff --git a/gone.md b/gone.md\n--- a/gone.md\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n")
    assert parse_diff(diff) == {"x.md": {3, 10, 11, 21, 22, 23}, "t\tb.md": {1}}
    assert unquote('"r\\303\\251sum\\303\\251.md"') == "résumé.md"
    assert unquote("plain.md") == "plain.md"


def test_changes_filter_keeps_multi_line_and_whole_file_findings():
    from linter.findings import FileResult, Finding, Severity
    from linter.spans import LineIndex, Span

    text = "a\nb\nc\nd\n"
    idx = LineIndex(text)

    def f(s, e, rid="T001"):
        return Finding(rid, "n", "c", Severity.ERROR, "x.md", Span(s, e), "m", idx.position(s), idx.position(e))

    res = FileResult("x.md", [f(0, 4), f(4, 6), f(6, 8), f(0, 0, "X002")])  # lines 1-2, 3 (+break), 4
    ch = Changes("HEAD", {"x.md": frozenset({2})})
    assert [(x.start.line, x.rule_id) for x in ch.filter(res).findings] == [(1, "T001"), (1, "X002")]
    assert Changes("HEAD", {"x.md": frozenset()}).filter(res).findings == []
    assert Changes("HEAD", {}).filter(res) is res
