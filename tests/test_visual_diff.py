"""Visual diffs: a small 2-D result is shown beside the expected one (plain, Rich, Jupyter HTML); a large one
gets a sentence that locates its errors.

The learner file is an off-by-one causal mask for ta.2 (``np.triu(..., k=2)``: the first diagonal above the
main one is visible when it should be hidden), graded by a real ``kata check --file`` in a subprocess.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from helpers import kata_script, subprocess_env

from kata.checking.compare import CheckFailure, expect_close, mismatch
from kata.reporting import render

OFF_BY_ONE = "import numpy as np\n\n\ndef causal_mask(T):\n    return np.triu(np.ones((T, T), dtype=bool), k=2)\n"


@pytest.fixture(scope="module")
def off_by_one(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("learner") / "mask.py"
    path.write_text(OFF_BY_ONE, encoding="utf-8")
    return path


def _check(path: Path, *extra: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([kata_script(), "check", "ta.2", "--file", str(path), *extra], capture_output=True,
                          text=True, timeout=120, env=subprocess_env(**env))


def test_a_small_mask_travels_as_a_grid_with_the_differing_cells() -> None:
    got, want = np.triu(np.ones((4, 4), dtype=bool), k=2), np.triu(np.ones((4, 4), dtype=bool), k=1)
    problem = mismatch(got, want, atol=0, what="causal_mask(4)")
    assert problem.endswith("first at (0, 1) (yours False, expected True)")  # the picture says where
    assert problem.grid["wrong"] == [".x..", "..x.", "...x", "...."]
    assert problem.grid["yours"][0] == ["F", "F", "T", "T"] and problem.grid["expected"][0] == ["F", "T", "T", "T"]


def test_a_batch_shows_the_slice_with_the_first_error_and_counts_the_rest() -> None:
    want = np.zeros((2, 3, 5, 5))
    got = want.copy()
    got[1, 2, 0, 4] = 0.5
    got[1, 0, 3, 3] = 2.0
    with pytest.raises(CheckFailure) as caught:
        expect_close(got, want, atol=1e-9, what="weights")
    grid = caught.value.grid
    assert grid["slice"] == [1, 0] and grid["elsewhere"] == 1 and grid["yours"][3][3] == "2"
    got[1, 0, 3, 3] = -np.inf
    grid = mismatch(got, want, atol=1e-9).grid  # where the learner has inf or NaN, those cells are marked
    assert grid["yours"][3][3] == "-inf" and grid["wrong"][3] == "...x."
    assert json.loads(json.dumps(grid)) == grid  # plain JSON: no NaN or inf literals


def test_a_large_result_says_where_its_errors_are() -> None:
    want = np.zeros((2, 4, 32, 32))
    rows = want.copy()
    rows[0, 1, 0:4, :] = 1.0
    text = mismatch(rows, want, atol=1e-6)
    assert "all errors are in index 0 of axis 0, index 1 of axis 1, rows 0..3" in text
    assert mismatch(rows, want, atol=1e-6).grid is None  # 32 x 32 is too large to draw
    last = np.zeros((3, 40, 8))
    moved = last.copy()
    moved[:, -1, :] = 2.0
    assert "only the last row (39) differs" in mismatch(moved, last, atol=1e-6)
    shifted = np.triu(np.ones((32, 32), dtype=bool), k=1)
    assert "all on the diagonal j == i + 1" in mismatch(shifted & ~np.eye(32, k=1, dtype=bool), shifted, atol=0)
    logits = np.zeros((4, 50))
    assert "only the last column (49) differs" in mismatch(logits + (np.arange(50) == 49), logits, atol=0.1)


def test_terminal_output_shows_the_two_masks_side_by_side(off_by_one: Path) -> None:
    done = _check(off_by_one, KATA_PLAIN="1", COLUMNS="100")
    assert done.returncode == 1, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.split() == ["yours", "expected"])
    # causal_mask(4): row 0 has column 1 wrong in both pictures, marked [ ]; row 3 is right.
    assert lines[header + 2].split() == ["0", "F", "[F]", "T", "T", "0", "F", "[T]", "T", "T"], done.stdout
    assert lines[header + 5].split() == ["3", "F", "F", "F", "F", "3", "F", "F", "F", "F"]
    assert "(3 cells differ, marked [ ])" in done.stdout


def test_check_json_carries_the_grid_and_keeps_its_keys(off_by_one: Path) -> None:
    done = _check(off_by_one, "--json")
    data = json.loads(done.stdout)
    first = data["checks"][0]
    assert {"name", "status", "points", "max_points", "message"} <= set(first) <= {
        "name", "status", "points", "max_points", "message", "grid", "mistake"}
    assert first["grid"]["wrong"] == [".x..", "..x.", "...x", "...."]
    assert len(done.stdout) < 4000  # the grid stays small


def _result(grid: dict) -> SimpleNamespace:
    check = {"name": "the mask matches", "status": "fail", "points": 0.0, "max_points": 2.0,
             "message": "causal_mask(4) differs", "grid": grid}
    return SimpleNamespace(id="ta.2", status="fail", score=0.0, max_score=3.0, duration_s=0.1, message="",
                           checks=[check])


GRID = {"yours": [["F", "F", "T"], ["F", "F", "F"], ["F", "F", "F"]],
        "expected": [["F", "T", "T"], ["F", "F", "T"], ["F", "F", "F"]], "wrong": [".x.", "..x", "..."]}


def test_rich_output_draws_both_tables_with_the_differences_in_red(monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    buffer = io.StringIO()
    monkeypatch.setattr(render, "rich_wanted", lambda: True)
    monkeypatch.setattr(render, "console", lambda: Console(file=buffer, force_terminal=True, width=100,
                                                           color_system="standard"))
    render.check_result(_result(GRID), "The causal mask", "mask.py", [])
    out = buffer.getvalue()
    row = next(line for line in out.splitlines() if "\x1b[1;37;41mF" in line)  # yours, row 0, column 1: red
    assert "\x1b[1;32mT" in row  # the same cell of the expected matrix, beside it, in green
    assert "yours" in out and "expected" in out and "(2 cells differ, in red)" in out


def test_jupyter_gets_an_html_table(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    shown: list[str] = []
    monkeypatch.setattr(render, "html_sink", shown.append)
    monkeypatch.setattr(render, "rich_wanted", lambda: False)
    render.check_result(_result(GRID), "The causal mask", "mask.py", [])
    [snippet] = shown
    assert snippet.count("<table>") == 2 and snippet.count('class="bad"') == 4
    assert "[F]" not in capsys.readouterr().out  # the picture went to Jupyter, not as text


MAGIC_SESSION = """
import sys
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

shell = InteractiveShell.instance()
shell.run_line_magic("load_ext", "kata")
shell.run_cell(sys.argv[1], store_history=True)
with capture_output() as captured:
    shell.run_cell("%kata check ta.2 --workspace " + sys.argv[2], store_history=True)
print("\\n=====\\n".join(o.data.get("text/html", "") for o in captured.outputs))
print("=====STDOUT", captured.stdout)
"""


def test_percent_kata_check_shows_the_grid_as_html(tmp_path: Path) -> None:
    pytest.importorskip("IPython")
    done = subprocess.run([sys.executable, "-c", MAGIC_SESSION, OFF_BY_ONE, str(tmp_path)], cwd=tmp_path,
                          env=subprocess_env(IPYTHONDIR=str(tmp_path / "ipython")), capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    html, stdout = done.stdout.split("=====STDOUT")
    assert '<div class="kata-grid">' in html and html.count('class="bad"') >= 6, done.stdout
    assert "ta.2 The causal mask: FAIL" in stdout
