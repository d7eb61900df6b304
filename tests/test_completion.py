"""Shell completion through Click's protocol (commands and exercise ids), `kata completion SHELL`, `kata --version`."""

from __future__ import annotations

import os
import shutil
import subprocess
from importlib.metadata import version
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from conftest import Kata
from helpers import kata_script, subprocess_env
from kata import __version__
from kata.state.registry import load_registry

ID_VERBS = ("show", "start", "check", "hint", "solution", "reset", "verify", "watch")


def ids(prefix: str) -> set[str]:
    """The registered ids that start with ``prefix`` (the catalogue grows, so no fixed list)."""
    return {i for i in load_registry().exercises if i.startswith(prefix)}


def complete(*words: str, shell: str = "bash") -> list[str]:
    """What `kata WORDS<TAB>` offers (the last word is the one being completed), asked the way the shell asks."""
    env = {"_KATA_COMPLETE": f"{shell}_complete", "COMP_WORDS": " ".join(("kata", *words)),
           "COMP_CWORD": str(len(words))}
    result = CliRunner().invoke(cli.main, [], prog_name="kata", env=env)
    assert result.exit_code == 0, result.output
    if shell == "zsh":  # type, value, description, one per line
        lines = result.stdout.splitlines()
        return [lines[i + 1] for i in range(0, len(lines), 3)]
    return [line.split(",", 1)[1] for line in result.stdout.splitlines()]


def test_version_is_the_package_version(kata: Kata) -> None:
    result = kata("--version")
    assert result.exit_code == 0
    assert result.stdout == f"kata, version {__version__}\n"
    assert __version__ == version("transformer-kata")


def test_a_command_name_completes() -> None:
    assert complete("che") == ["check"]
    assert complete("wat") == ["watch"]
    assert {"check", "list", "watch", "completion", "verify"} <= set(complete(""))


@pytest.mark.parametrize("verb", ID_VERBS)
def test_exercise_ids_complete_for_every_id_argument(verb: str) -> None:
    offered = complete(verb, "6.")
    assert "6.7" in offered and "6.10" in offered and len(offered) == len(set(offered))
    assert set(offered) == ids("6.")
    assert set(complete(verb, "13.2")) == ids("13.2") >= {"13.2", "13.20"}


def test_ids_complete_after_options_and_other_ids() -> None:
    assert set(complete("--workspace", "/tmp/ws", "check", "6.")) == ids("6.")
    assert set(complete("verify", "6.7", "6.1")) == ids("6.1") >= {"6.1", "6.10"}


def test_zsh_completion_names_the_commands_with_their_help() -> None:
    env = {"_KATA_COMPLETE": "zsh_complete", "COMP_WORDS": "kata wat", "COMP_CWORD": "1"}
    result = CliRunner().invoke(cli.main, [], prog_name="kata", env=env)
    assert result.stdout.splitlines()[:2] == ["plain", "watch"]
    assert result.stdout.splitlines()[2].startswith("Check the exercise you are editing")  # its help line
    assert set(complete("check", "6.", shell="zsh")) == ids("6.")


def test_ids_of_an_installed_pack_complete(packs) -> None:
    packs.add_exercise_pack()
    assert complete("check", "ta.90") == ["ta.901"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_prints_clicks_own_activation_script(kata: Kata, shell: str) -> None:
    result = kata("completion", shell)
    assert result.exit_code == 0, result.output
    source = CliRunner().invoke(cli.main, [], prog_name="kata", env={"_KATA_COMPLETE": f"{shell}_source"})
    # Click's own script for that shell; Click versions differ in trailing blank lines, which no shell reads.
    assert result.stdout.strip() == source.stdout.strip() != ""
    assert f"_KATA_COMPLETE={shell}_complete" in result.stdout


def test_completion_for_an_unknown_shell_is_a_usage_error(kata: Kata) -> None:
    result = kata("completion", "tcsh")
    assert result.exit_code == 2
    assert "'tcsh' is not one of 'bash', 'zsh', 'fish'" in result.stderr
    assert "eval \"$(kata completion bash)\"" in kata("completion", "--help").stdout


def test_the_installed_script_answers_completion_requests(tmp_path: Path) -> None:
    env = subprocess_env(_KATA_COMPLETE="bash_complete", COMP_WORDS="kata check 6.", COMP_CWORD="2")
    done = subprocess.run([kata_script()], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "plain,6.7" in done.stdout.splitlines() and done.stderr == ""


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completes_ids_with_the_activation_script(tmp_path: Path) -> None:
    script = ('eval "$(kata completion bash)"; COMP_WORDS=(kata check 6.); COMP_CWORD=2; '
              '_kata_completion kata; echo "${COMPREPLY[*]}"')
    path = os.pathsep.join([str(Path(kata_script()).parent), os.environ.get("PATH", "")])
    done = subprocess.run(["bash", "--norc", "--noprofile", "-c", script], env=subprocess_env(PATH=path), cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert set(done.stdout.split()) == ids("6.")
