"""The pre-commit set-up of docs/ci.md, run as written with pre-commit itself.

A fresh git repository holds a copy of the Västerbotten plan as ``plans/region-x-2026`` and the
documented ``.pre-commit-config.yaml``; only ``repo`` and ``rev`` of the remote set-up are
pointed at a local clone of this repository at its current commit (the documented ``rev`` is
checked against the version and the repository's tags on its own). pre-commit installs the hook
from the clone into its own environment with pip (it needs the package index, as CI has), then
guards real commits: with the documented baseline the plan's existing findings pass, a new
error stops the commit, and without the baseline the plan's findings stop it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from conftest import REAL_PLAN, ROOT

DOCS = ROOT / "docs" / "ci.md"
PLAN = "plans/region-x-2026"

needs_tools = pytest.mark.skipif(
    shutil.which("git") is None or shutil.which("pre-commit") is None,
    reason="git or pre-commit is not installed (pre-commit is in the test extras)")


def documented() -> tuple[list[str], list[dict]]:
    """The shell lines and the YAML configurations of the pre-commit section, in order."""
    section = DOCS.read_text(encoding="utf-8").split("## Before a commit: pre-commit", 1)[1]
    shell = re.findall(r"```sh\n(.*?)```", section, re.S)
    configs = [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", section, re.S)]
    return [line for block in shell for line in block.splitlines()], configs


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"]


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=check)


@pytest.fixture()
def env(tmp_path: Path) -> dict[str, str]:
    return dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-cache"),
                GIT_AUTHOR_NAME="Kansliet", GIT_AUTHOR_EMAIL="kansliet@example.org",
                GIT_COMMITTER_NAME="Kansliet", GIT_COMMITTER_EMAIL="kansliet@example.org",
                GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")


def plan_repository(tmp_path: Path, config: dict, env: dict[str, str]) -> Path:
    repo = tmp_path / "plan-repo"
    shutil.copytree(REAL_PLAN, repo / PLAN)
    subprocess.run(["git", "init", "-q", str(repo)], check=True, env=env)
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False),
                                                  encoding="utf-8")
    return repo


def commit(repo: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
    return subprocess.run(["git", "commit", "-q", "-m", message], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=900)


def baseline(repo: Path, env: dict[str, str]) -> None:
    """The documented `govcheck baseline …` line, run with this govcheck."""
    shell, _ = documented()
    [line] = [ln for ln in shell if ln.startswith("govcheck baseline ")]
    args = line.split()[1:]
    subprocess.run([sys.executable, "-m", "govcheck", *args], cwd=repo, env=env, check=True,
                   capture_output=True)


def break_the_plan(repo: Path) -> None:
    """A new error the baseline does not hold: fullmäktige's 2026 frame no longer adds up."""
    ramar = repo / PLAN / "ekonomi" / "ramar.yaml"
    text = ramar.read_text(encoding="utf-8")
    old = "värden: [16.3, -0.2, 0.0, 0.0, 0.5, 16.6, 17, 18, 18]"
    assert old in text
    ramar.write_text(text.replace(old, old.replace("16.6", "26.6")), encoding="utf-8")


def guards_commits(repo: Path, env: dict[str, str]) -> None:
    subprocess.run(["pre-commit", "install"], cwd=repo, env=env, check=True,
                   capture_output=True)
    # without the baseline the plan's own findings stop the first commit
    stopped = commit(repo, env, "planen utan baslinje")
    assert stopped.returncode != 0
    assert "baslinjefilen kan inte läsas" in stopped.stdout + stopped.stderr
    baseline(repo, env)
    first = commit(repo, env, "planen med baslinje")
    assert first.returncode == 0, first.stdout + first.stderr
    passed = first.stdout + first.stderr
    assert re.search(r"^govcheck lint\.+Passed$", passed, re.M), passed
    break_the_plan(repo)
    stopped = commit(repo, env, "ny ram för fullmäktige")
    out = stopped.stdout + stopped.stderr
    assert stopped.returncode != 0 and re.search(r"^govcheck lint\.+Failed$", out, re.M), out
    assert "exit code: 1" in out
    assert "ramar.yaml" in out and "EKO10" in out
    assert git(repo, "log", "--format=%s").stdout.splitlines() == ["planen med baslinje"]


def test_documented_rev_is_a_release_tag_of_this_version():
    _, configs = documented()
    remote = [c for c in configs if c["repos"][0]["repo"] != "local"]
    assert remote and all(c["repos"][0]["rev"] == f"v{version()}" for c in remote)
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == [c["repos"][0]["hooks"][0]["id"] for c in remote]
    # the pip line installs the same release
    shell, _ = documented()
    assert any(f"govcheck@v{version()}" in line for line in shell)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_release_tag_names_a_commit_with_the_hook():
    """The tag the docs name exists in this repository (a clone copies the tags) and holds
    the hook; a checkout without tags (a shallow or single-branch fetch) skips."""
    tag = f"v{version()}"
    found = git(ROOT, "rev-parse", "--verify", "--quiet", f"refs/tags/{tag}^{{commit}}",
                check=False)
    if found.returncode != 0:
        pytest.skip(f"this checkout has no tag {tag}")
    hooks = git(ROOT, "show", f"{tag}:.pre-commit-hooks.yaml").stdout
    assert [h["id"] for h in yaml.safe_load(hooks)] == ["govcheck-lint"]
    assert f'version = "{version()}"' in git(ROOT, "show", f"{tag}:pyproject.toml").stdout


@needs_tools
def test_the_documented_remote_hook_guards_commits(tmp_path, env):
    """The first configuration of docs/ci.md, with pre-commit cloning and installing govcheck
    from a local clone of this repository at its current commit."""
    if git(ROOT, "rev-parse", "HEAD", check=False).returncode != 0:
        pytest.skip("not a git checkout")
    clone = tmp_path / "govcheck"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, env=env)
    _, configs = documented()
    config = next(c for c in configs if c["repos"][0]["repo"] != "local")
    config["repos"][0]["repo"] = str(clone)
    config["repos"][0]["rev"] = git(clone, "rev-parse", "HEAD").stdout.strip()
    repo = plan_repository(tmp_path, config, env)
    guards_commits(repo, env)


@needs_tools
def test_the_documented_local_hook_guards_commits(tmp_path, env):
    """The `repo: local` configuration, with the govcheck installed beside the tests."""
    _, configs = documented()
    config = next(c for c in configs if c["repos"][0]["repo"] == "local")
    bin_dir = str(Path(sys.executable).parent)
    env = dict(env, PATH=bin_dir + os.pathsep + env.get("PATH", ""))
    assert shutil.which("govcheck", path=env["PATH"])
    repo = plan_repository(tmp_path, config, env)
    guards_commits(repo, env)
