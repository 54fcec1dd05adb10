"""Golden files: the concise output for each bundled example is checked in.

Regenerate after an intended change with `UPDATE_GOLDEN=1 python -m pytest tests/test_examples.py`
and review the diff like any other change.
"""
import os
from pathlib import Path

import pytest

from linter.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ["crt-2019-kazakhstan.txt", "draft-country-report.md"]


@pytest.mark.parametrize("name", EXAMPLES)
def test_golden_concise_output(name, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code = main(["check", f"examples/{name}", "--format", "concise", "--no-cache", "--jobs", "1",
                 "--config", str(ROOT / "tests" / "data" / "empty-config.yaml")])
    out = capsys.readouterr().out
    golden = ROOT / "examples" / "golden" / f"{name}.concise"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")
    assert code == (1 if " error " in out else 0)


def test_example_report_has_no_consistency_errors(capsys, monkeypatch):
    """The published report is consistent: nothing at warning or error from Q and T rules."""
    monkeypatch.chdir(ROOT)
    main(["check", "examples/crt-2019-kazakhstan.txt", "--format", "concise", "--no-cache",
          "--select", "Q,T", "--config", str(ROOT / "tests" / "data" / "empty-config.yaml")])
    assert capsys.readouterr().out == ""
