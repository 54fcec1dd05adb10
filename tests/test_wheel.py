"""The built wheel carries rules/ and grammars/ and works outside the checkout."""
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_installs_and_lints_outside_the_checkout(tmp_path):
    dist = tmp_path / "dist"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "-w", str(dist), str(ROOT)], capture_output=True, text=True, cwd=tmp_path)
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(dist.glob("reportlint-*.whl"))
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert any(n.startswith("linter/builtin_rules/") and n.endswith(".yaml") for n in names)
    assert any(n.startswith("linter/builtin_grammars/") and n.endswith(".lark") for n in names)
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    inst = subprocess.run([str(py), "-m", "pip", "install", "--quiet", str(wheel)],
                          capture_output=True, text=True, cwd=tmp_path)
    if inst.returncode != 0 and "No matching distribution" in inst.stderr:
        pytest.skip("dependencies cannot be downloaded here")
    assert inst.returncode == 0, inst.stderr[-2000:]
    sample = tmp_path / "draft.md"
    sample.write_text("# Draft\n\nThe hearing was held on February 30, 2019.\n")
    run = subprocess.run([str(env_dir / "bin" / "reportlint"), "check", "draft.md", "--format",
                          "concise"], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    assert run.stdout.startswith("draft.md:3:25: error T001 impossible-date")
    example = subprocess.run([str(env_dir / "bin" / "reportlint"), "check",
                              str(ROOT / "examples" / "crt-2019-kazakhstan.txt"), "--format", "concise"],
                             capture_output=True, text=True, cwd=tmp_path)
    assert example.returncode in (0, 1), example.stderr
