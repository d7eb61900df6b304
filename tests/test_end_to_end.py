"""The learner's path through real `kata` processes: start -> the stub fails -> the solution passes -> done."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from conftest import LAYER_NORM_POINTS
from helpers import assert_plain, kata_script, subprocess_env


def _kata(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([kata_script(), *args], cwd=cwd, env=subprocess_env(), capture_output=True, text=True,
                          timeout=180)


def test_start_fail_solve_pass_done(tmp_path: Path) -> None:
    ws = tmp_path / "learner"
    ws.mkdir()

    started = _kata("start", "6.7", cwd=ws)
    assert started.returncode == 0, started.stderr
    learner_file = Path(started.stdout.splitlines()[0])
    assert learner_file == ws / "stage6" / "stage6_07_layer_norm.py" and learner_file.is_file()

    stub = _kata("check", "6.7", "--json", cwd=ws)
    assert stub.returncode == 1, stub.stderr
    graded = json.loads(stub.stdout)
    assert graded["status"] == "fail" and graded["score"] == 0
    assert "not implemented yet" in graded["checks"][0]["message"]

    human = _kata("check", "6.7", cwd=ws)  # piped: plain text, no colour codes, no traceback
    assert human.returncode == 1 and "\x1b[" not in human.stdout
    assert_plain(human.stdout + human.stderr)

    revealed = _kata("solution", "6.7", "--force", cwd=ws)
    assert revealed.returncode == 0, revealed.stderr
    assert "\x1b[" not in revealed.stdout and "known mistakes" not in revealed.stdout
    learner_file.write_text(revealed.stdout, encoding="utf-8")

    solved = _kata("check", "6.7", "--json", cwd=ws)
    assert solved.returncode == 0, solved.stdout + solved.stderr
    assert json.loads(solved.stdout)["status"] == "pass"

    progress = _kata("progress", "--json", cwd=ws)
    assert progress.returncode == 0, progress.stderr
    data = json.loads(progress.stdout)
    assert data["workspace"] == str(ws)
    item = next(e for t in data["tracks"] for e in t["exercises"] if e["id"] == "6.7")
    assert item["status"] == "done" and item["best_score"] == LAYER_NORM_POINTS
    assert item["attempts"] == 3 and item["solution_revealed"] is True

    listed = json.loads(_kata("list", "--json", "--status", "done", cwd=ws / "stage6").stdout)
    assert [row["id"] for row in listed] == ["6.7"]  # found from a sub-folder: the nearest enclosing workspace


COLOUR = re.compile(r"\x1b\[(?:[0-9]+;)*(?:3[0-7]|38|9[0-7])[;m]")  # an SGR foreground colour


def _in_a_terminal(args: list[str], cwd: Path, **env: str) -> str:
    """Run ``kata ARGS`` with a pseudo-terminal as stdout/stderr; returns what it wrote."""
    import os
    import pty

    master, slave = pty.openpty()
    full_env = subprocess_env(TERM="xterm-256color", COLUMNS="120", **env)
    full_env.pop("KATA_PLAIN", None)
    process = subprocess.Popen([kata_script(), *args], cwd=cwd, stdin=subprocess.DEVNULL, stdout=slave,
                               stderr=slave, env=full_env)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed its end
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_terminal_gets_colours_unless_no_color(tmp_path: Path) -> None:
    assert _kata("start", "6.7", cwd=tmp_path).returncode == 0
    coloured = _in_a_terminal(["check", "6.7"], tmp_path)
    assert "✗" in coloured and COLOUR.search(coloured)  # failing checks in red
    plain = _in_a_terminal(["check", "6.7"], tmp_path, NO_COLOR="1")
    assert "✗" in plain and not COLOUR.search(plain)
