"""The published pre-commit hook, run for real with `pre-commit try-repo` on this checkout.

try-repo clones this repository at HEAD (plus uncommitted changes to tracked files) and
pip-installs it into a fresh hook environment, so this also proves that the package
installs from a clean clone. It needs git, pre-commit and the package index.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BAD = "# Hearing\n\nThe hearing was held on February 30, 2019.\n"
GOOD = "# Hearing\n\nThe hearing was held on February 28, 2019.\n"
OFFLINE = ("NewConnectionError", "Temporary failure in name resolution", "Network is unreachable",
           "No matching distribution found", "ProxyError")


def _has_pre_commit() -> bool:
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        return False
    return True


needs_pre_commit = pytest.mark.skipif(not _has_pre_commit(),
                                      reason="pre-commit is not installed (pip install -e '.[test]')")
needs_git_checkout = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout: try-repo needs one"),
]


def _env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org", PRE_COMMIT_HOME=str(home), NO_COLOR="1",
               GIT_CONFIG_GLOBAL=os.devnull)
    return env


def _try_repo(drafts: Path, env: dict, *files: str) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "reportlint",
                           "--color", "never", "--files", *files],
                          cwd=drafts, env=env, capture_output=True, text=True, timeout=900)
    out = proc.stdout + proc.stderr
    if proc.returncode not in (0, 1) or "An unexpected error has occurred" in out:
        if any(s in out for s in OFFLINE):
            pytest.skip("pre-commit could not install the hook environment: no package index")
        log = Path(env["PRE_COMMIT_HOME"]) / "pre-commit.log"
        pytest.fail(out + (log.read_text() if log.exists() else ""))
    return proc


@needs_pre_commit
@needs_git_checkout[0]
@needs_git_checkout[1]
def test_hook_fails_on_an_inconsistent_draft_and_passes_a_consistent_one(tmp_path):
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    env = _env(tmp_path / "pre-commit-home")
    subprocess.run(["git", "init", "-q"], cwd=drafts, env=env, check=True)
    (drafts / "bad.md").write_text(BAD, encoding="utf-8")
    (drafts / "good.txt").write_text(GOOD, encoding="utf-8")
    (drafts / "notes.py").write_text("# February 30, 2019 is not a draft\n", encoding="utf-8")
    subprocess.run(["git", "add", "."], cwd=drafts, env=env, check=True)

    bad = _try_repo(drafts, env, "bad.md", "notes.py")
    out = bad.stdout + bad.stderr
    assert bad.returncode == 1, out
    assert "reportlint" in out and "Failed" in out
    assert ("bad.md:3:25: error T001 impossible-date 'February 30, 2019' is not a date in the "
            "calendar: February has 28 days.") in out
    assert "notes.py:1:" not in out  # not a draft type, so never passed to the hook

    good = _try_repo(drafts, env, "good.txt")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout


def _yaml_blocks() -> list[dict]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    text = readme.split("## Editorial workflow", 1)[1].split("\n## ", 1)[0]
    return [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", text, re.S)]


@needs_pre_commit
def test_manifest_and_documented_pre_commit_configs_are_valid(tmp_path):
    from pre_commit.clientlib import load_config, load_manifest

    hooks = {h["id"]: h for h in load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))}
    assert hooks["reportlint"]["language"] == "python"
    assert hooks["reportlint"]["entry"].startswith("reportlint check --format concise")
    configs = [b for b in _yaml_blocks() if "repos" in b]
    assert len(configs) == 2
    for i, block in enumerate(configs):
        path = tmp_path / f"config{i}.yaml"
        path.write_text(yaml.safe_dump(block), encoding="utf-8")
        load_config(str(path))  # raises on a schema error
    assert configs[0]["repos"][0]["hooks"][0]["id"] in hooks


def test_documented_ci_jobs_use_the_formats_they_upload():
    blocks = _yaml_blocks()
    gh = next(b for b in blocks if "jobs" in b)
    steps = gh["jobs"]["reportlint"]["steps"]
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    assert any(f"--format sarif" in s.get("run", "") and upload["with"]["sarif_file"] in s["run"]
               for s in steps)
    assert gh["permissions"]["security-events"] == "write"
    gl = next(b for b in blocks if "reportlint" in b and "script" in b["reportlint"])["reportlint"]
    script = "\n".join(gl["script"])
    reports = gl["artifacts"]["reports"]
    assert f"--format gitlab > {reports['codequality']}" in script
    assert f"--format junit --fail-on never > {reports['junit']}" in script
    assert gl["artifacts"]["when"] == "always"
