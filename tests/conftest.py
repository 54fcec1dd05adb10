from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The read-only ../shared folder; tests that need it skip cleanly without it."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def all_rules():
    from linter.rules import load_rules

    return load_rules()


@pytest.fixture
def run_cli(capsys, monkeypatch):
    """`reportlint ARGS` run in-process from folder `cwd`: (exit code, stdout, stderr)."""
    from linter.cli import main

    def run(args, cwd):
        monkeypatch.chdir(cwd)
        code = main(args)
        out, err = capsys.readouterr()
        return code, out, err

    return run
