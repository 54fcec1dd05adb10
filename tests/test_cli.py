"""The command line end to end: formats, exit codes, bad inputs next to good ones."""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BAD = "The hearing was held on February 30, 2019.\n"
GOOD = "The hearing was held on February 28, 2019.\n"


def test_concise_and_exit_codes(tmp_path, capsys, monkeypatch, run_cli):
    (tmp_path / "bad.md").write_text(BAD)
    (tmp_path / "good.txt").write_text(GOOD)
    code, out, _ = run_cli(["check", ".", "--format", "concise"], tmp_path)
    assert code == 1
    assert out == ("bad.md:1:25: error T001 impossible-date 'February 30, 2019' is not a date "
                   "in the calendar: February has 28 days.\n")
    code, out, _ = run_cli(["check", "good.txt", "--format", "concise"], tmp_path)
    assert (code, out) == (0, "")
    code, _, _ = run_cli(["check", "bad.md", "--fail-on", "never"], tmp_path)
    assert code == 0


def test_json_schema_is_exact(tmp_path, capsys, monkeypatch, run_cli):
    (tmp_path / "bad.md").write_text("# Title\r\n\r\nÜber: the hearing was on **February 30, 2019**.\r\n")
    code, out, _ = run_cli(["check", "bad.md", "--format", "json"], tmp_path)
    data = json.loads(out)
    assert code == 1 and len(data) == 1
    f = data[0]
    assert list(f) == ["path", "rule", "name", "category", "severity", "message", "start", "end",
                       "suggestion", "related"]
    assert f["start"] == {"line": 3, "column": 28, "offset": 38}
    with open(tmp_path / "bad.md", encoding="utf-8", newline="") as fh:
        text = fh.read()
    assert text[f["start"]["offset"]:f["end"]["offset"]] == "February 30, 2019"
    assert isinstance(f["suggestion"], str) and f["related"] == []


def test_binary_file_is_reported_and_others_still_linted(tmp_path, capsys, monkeypatch, run_cli):
    (tmp_path / "bad.txt").write_text(BAD)
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 100)
    code, out, err = run_cli(["check", ".", "--format", "concise"], tmp_path)
    assert code == 2
    assert "bad.txt:1:25: error T001" in out
    assert err.strip() == "blob.txt: error: binary file, not linted"


def test_broken_config_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch, run_cli):
    (tmp_path / ".reportlint.yaml").write_text("rules:\n  T001: {severty: info}\n")
    (tmp_path / "a.md").write_text(GOOD)
    code, out, err = run_cli(["check", "a.md"], tmp_path)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith(".reportlint.yaml:2:10: unknown option 'severty'")


def test_broken_user_rule_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch, run_cli):
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "r.yaml").write_text(
        "id: H901\nname: x\ncheck: nope\ncategory: hedge\nseverity: info\nmessage: m\n")
    (tmp_path / ".reportlint.yaml").write_text("rule_paths: [house]\n")
    code, _, err = run_cli(["check", "."], tmp_path)
    assert code == 2 and err.count("\n") == 1 and "r.yaml:3:8: unknown check kind 'nope'" in err


def test_missing_path_is_a_usage_error(tmp_path, capsys, monkeypatch, run_cli):
    code, _, err = run_cli(["check", "nope.md"], tmp_path)
    assert code == 2 and err.strip() == "nope.md: no such file or folder"


def test_stdin_with_filename(tmp_path, capsys, monkeypatch, run_cli):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BAD.encode())))
    code, out, _ = run_cli(["check", "-", "--stdin-filename", "draft.md", "--format", "concise"],
                       tmp_path)
    assert code == 1 and out.startswith("draft.md:1:25: error T001")


def test_folder_walk_skips_hidden_and_honours_globs(tmp_path, capsys, monkeypatch, run_cli):
    for rel in (".git/x.md", ".hidden/y.md", "a/b.md", "a/c.markdown", "a/d.rst", "skip/e.md"):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(BAD)
    code, out, _ = run_cli(["check", ".", "--format", "concise", "--exclude", "skip/*"], tmp_path)
    paths = sorted(line.split(":")[0] for line in out.splitlines())
    assert paths == ["a/b.md", "a/c.markdown"]


def test_symlink_loop_does_not_hang(tmp_path, capsys, monkeypatch, run_cli):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.md").write_text(GOOD)
    os.symlink(tmp_path / "d", tmp_path / "d" / "loop")
    code, _, _ = run_cli(["check", "."], tmp_path)
    assert code == 0


def test_rules_and_explain(tmp_path, capsys, monkeypatch, run_cli):
    code, out, _ = run_cli(["rules", "--format", "json"], tmp_path)
    rows = json.loads(out)
    assert code == 0 and {"id", "name", "category", "severity", "enabled"} <= set(rows[0])
    code, out, _ = run_cli(["explain", "impossible-date"], tmp_path)
    assert code == 0 and "## Why" in out and "February 30, 2019" in out
    code, _, err = run_cli(["explain", "T01"], tmp_path)
    assert code == 2 and "did you mean" in err


def test_python_dash_m_works():
    out = subprocess.run([sys.executable, "-m", "linter", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("reportlint ")


def test_messages_stay_on_one_line_when_quoting_wrapped_text(tmp_path, capsys, monkeypatch, run_cli):
    (tmp_path / "a.txt").write_text("The hearing was held on February\n30, 2019, in the capital.\n")
    code, out, _ = run_cli(["check", "a.txt", "--format", "concise", "--no-cache"], tmp_path)
    assert out == ("a.txt:1:25: error T001 impossible-date 'February 30, 2019' is not a date in "
                   "the calendar: February has 28 days.\n")


def test_per_file_ignores_take_the_same_selectors_as_select(tmp_path, capsys, monkeypatch, run_cli):
    (tmp_path / ".reportlint.yaml").write_text(
        'per-file-ignores:\n  "a.md": [T]\n  "b.md": [temporal]\n  "c.md": [ALL]\n')
    for name in ("a.md", "b.md", "c.md", "d.md"):
        (tmp_path / name).write_text(BAD)
    code, out, _ = run_cli(["check", ".", "--format", "concise", "--no-cache"], tmp_path)
    assert code == 1 and [line.split(":")[0] for line in out.splitlines()] == ["d.md"]
