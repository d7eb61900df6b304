"""Notebooks: `kata start ID --notebook`, grading an .ipynb's code cells, and the `%kata` IPython magic.

The round trip and the error cases go through the CLI (grading in the child, as a learner would); the reading of
cells (IPython-only lines, cell labels, malformed files) is tested directly on kata.state.notebooks.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from conftest import LAYER_NORM_POINTS, Kata
from helpers import assert_plain, subprocess_env
from kata.exercise import Exercise
from kata.grading.child import LoadError, load_learner
from kata.state.notebooks import (LEFT_OUT, Cell, NotebookError, NotebookScript, notebook_path, python_only, read_cells,
                            split_stub)


def _write_notebook(path: Path, *cells) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(new_notebook(cells=list(cells)), str(path))
    return path


@pytest.fixture
def notebook_file(learner_path: Path) -> Path:
    """Where `kata start 6.7 --notebook` puts the notebook."""
    return notebook_path(learner_path)


# ---- kata start --notebook, then check: the round trip --------------------------------------------------

def test_round_trip_start_fail_fill_pass(kata: Kata, notebook_file: Path, learner_path: Path,
                                         layer_norm: Exercise) -> None:
    started = kata("start", "6.7", "--notebook")
    assert started.exit_code == 0, started.output
    assert str(notebook_file) in started.stdout and "%kata check 6.7" in started.stdout
    assert not learner_path.exists(), "--notebook writes the notebook instead of the .py"

    notebook = nbformat.read(str(notebook_file), as_version=nbformat.NO_CONVERT)
    nbformat.validate(notebook)
    assert notebook.nbformat == 4
    kinds = [cell.cell_type for cell in notebook.cells]
    assert kinds == ["markdown", "code", "code", "markdown"], kinds  # statement, imports, class LayerNorm, grading
    assert notebook.cells[0].source.startswith("# 6.7 LayerNorm") and layer_norm.statement().strip()[:40] in \
        notebook.cells[0].source
    assert notebook.cells[2].source.startswith("class LayerNorm:")
    assert "\n\n\n".join(c.source for c in notebook.cells[1:3]) == layer_norm.stub().strip()
    assert "kata check 6.7 --file stage6/stage6_07_layer_norm.ipynb" in notebook.cells[-1].source
    assert "%load_ext kata" in notebook.cells[-1].source and "%kata check 6.7" in notebook.cells[-1].source

    stub_result = kata.json("check", "6.7", "--file", notebook_file, expect=1)
    assert stub_result["status"] == "fail"
    assert any("NotImplementedError" in c["message"] for c in stub_result["checks"])

    solution = kata("solution", "6.7", "--force")
    assert solution.exit_code == 0, solution.output
    notebook.cells[1].source = "%matplotlib inline\n!echo grading\n" + notebook.cells[1].source
    notebook.cells[2].source = solution.stdout
    nbformat.write(notebook, str(notebook_file))
    passed = kata.json("check", "6.7", expect=0)  # no --file and no .py: the started notebook is graded
    assert passed["status"] == "pass" and passed["score"] == passed["max_score"] == LAYER_NORM_POINTS


def test_start_notebook_keeps_the_overwrite_rules(kata: Kata, workspace: Path, notebook_file: Path,
                                                  learner_path: Path) -> None:
    assert kata("start", "6.7", "--notebook").exit_code == 0
    notebook_file.write_text(notebook_file.read_text(encoding="utf-8").replace("TODO", "MINE"), encoding="utf-8")
    again = kata("start", "6.7", "--notebook")
    assert again.exit_code == 2
    assert "already exists" in again.stderr and "kata start 6.7 --notebook --force" in again.stderr
    assert "MINE" in notebook_file.read_text(encoding="utf-8")

    forced = kata("start", "6.7", "--notebook", "--force")
    assert forced.exit_code == 0, forced.output
    backups = sorted((workspace / ".kata" / "backups").glob("*.ipynb"))
    assert len(backups) == 1 and "MINE" in backups[0].read_text(encoding="utf-8")
    assert "MINE" not in notebook_file.read_text(encoding="utf-8")

    assert kata("start", "6.7").exit_code == 0, "the .py and the notebook are separate files"
    assert learner_path.is_file() and notebook_file.is_file()


def test_start_notebook_imports_no_numpy_torch_pytest(tmp_path: Path) -> None:
    code = ("import json, sys, cli\n"
            "try:\n    cli.main(['--workspace', 'ws', 'start', '6.7', '--notebook'], prog_name='kata')\n"
            "except SystemExit as exc:\n    assert exc.code in (0, None), exc.code\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
            "{'numpy', 'torch', 'pytest', 'IPython'})))\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=subprocess_env(), capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
    assert (tmp_path / "ws" / "stage6" / "stage6_07_layer_norm.ipynb").is_file()


# ---- errors name the cell ----------------------------------------------------------------------------

def test_syntax_error_in_cell_2_is_reported_with_the_cell(kata: Kata, tmp_path: Path) -> None:
    path = _write_notebook(tmp_path / "mine.ipynb",
                           new_code_cell("%matplotlib inline\nimport numpy as np"),
                           new_code_cell("class LayerNorm:\n    def forward(self, x)\n        return x"),
                           new_markdown_cell("notes"))
    result = kata("check", "6.7", "--file", path)
    assert result.exit_code == 3, result.output
    assert "syntax error on line 2 of cell 2" in result.stdout and "def forward(self, x)" in result.stdout
    assert_plain(result.stdout)


def test_error_while_running_a_cell_names_the_cell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.delitem(sys.modules, "kata_notebook_test", raising=False)
    path = _write_notebook(tmp_path / "mine.ipynb", new_markdown_cell("# title"),
                           new_code_cell("import math\nget_ipython().system('ls')"),
                           new_code_cell("def boom():\n    raise ValueError('boom')"),
                           new_code_cell("x = 1\nboom()"))
    with pytest.raises(LoadError) as raised:
        load_learner(path, "kata_notebook_test")
    message = str(raised.value)
    assert "ValueError: boom" in message
    assert "line 2 of cell 4, in <module>: boom()" in message
    assert "line 2 of cell 3, in boom: raise ValueError('boom')" in message


def test_a_cell_that_raised_in_the_kernel_runs_up_to_its_error(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.delitem(sys.modules, "kata_notebook_test", raising=False)
    path = _write_notebook(tmp_path / "kernel.ipynb",
                           new_code_cell("a = 1\n1 / 0\nb = 2", metadata={"kata": {"label": "In [3]", "raised": True}}),
                           new_code_cell("c = a + 1", metadata={"kata": {"label": "In [4]"}}))
    module = load_learner(path, "kata_notebook_test")
    assert (module.a, module.c, hasattr(module, "b")) == (1, 2, False)


# ---- files that are not notebooks ------------------------------------------------------------------------

def test_a_file_that_is_not_a_notebook_cannot_be_run(kata: Kata, tmp_path: Path) -> None:
    path = tmp_path / "broken.ipynb"
    path.write_text('{"cells": [', encoding="utf-8")
    data = kata.json("check", "6.7", "--file", path, expect=3)
    assert data["status"] == "error"
    assert "broken.ipynb is not a Jupyter notebook: it is not valid JSON" in data["message"]


@pytest.mark.parametrize("content, expected", [
    ("not json at all", "not valid JSON"),
    ("[1, 2]", "is not a Jupyter notebook"),
    (json.dumps({"nbformat": 3, "nbformat_minor": 0, "worksheets": []}), "an nbformat 3 notebook; kata reads nbformat 4"),
    (json.dumps({"nbformat": 4, "nbformat_minor": 5, "cells": {}}), "`cells` is not a list"),
    (json.dumps({"nbformat": 4, "nbformat_minor": 5, "cells": [{"source": "x = 1"}]}), "cell 1 of nb.ipynb is malformed"),
    (json.dumps({"nbformat": 4, "nbformat_minor": 5, "cells": [{"cell_type": "code", "source": 3}]}),
     "its `source` is not text"),
])
def test_malformed_notebooks_are_refused_with_a_reason(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "nb.ipynb"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(NotebookError) as raised:
        read_cells(path)
    assert expected in str(raised.value)
    with pytest.raises(LoadError) as load_error:
        load_learner(path, "kata_notebook_test")
    assert expected in str(load_error.value)


def test_cells_are_read_in_order_with_their_labels(tmp_path: Path) -> None:
    path = _write_notebook(tmp_path / "nb.ipynb", new_markdown_cell("# hi"), new_code_cell(["x = 1\n", "y = 2"]),
                           nbformat.v4.new_raw_cell("raw"), new_code_cell("z = 3", metadata={"kata": {"label": "In [7]"}}))
    assert read_cells(path) == [Cell("cell 2", "x = 1\ny = 2"), Cell("In [7]", "z = 3")]


# ---- IPython-only lines, stub splitting, line mapping --------------------------------------------------

def test_ipython_only_lines_become_comments_line_for_line() -> None:
    source = ("%matplotlib inline\nimport numpy as np\n!pip list\nfiles = !ls\nnp.mean?\n"
              "if True:\n    %time y = 1\nx = 2")
    cleaned = python_only(source)
    lines = cleaned.split("\n")
    assert len(lines) == len(source.split("\n"))
    assert lines[0] == LEFT_OUT + "%matplotlib inline" and lines[1] == "import numpy as np"
    assert [line.startswith(LEFT_OUT) for line in lines[2:5]] == [True, True, True]
    assert lines[6] == "    pass  " + LEFT_OUT + "%time y = 1"
    compile(cleaned, "cell", "exec")


def test_get_ipython_calls_are_left_out_and_valid_code_is_untouched() -> None:
    transformed = ("x = (1\n     % 2)\nget_ipython().run_line_magic('kata', 'check 6.7')\n"
                   "def f():\n    get_ipython().system(\n        'ls')\n")
    lines = python_only(transformed).split("\n")
    assert lines[:2] == ["x = (1", "     % 2)"], "a `%` continuing an expression is Python"
    assert lines[2].startswith(LEFT_OUT) and lines[4].startswith("    pass  " + LEFT_OUT)
    assert lines[5].strip().startswith("# ")
    namespace: dict = {}
    exec(compile("\n".join(lines), "cell", "exec"), namespace)
    assert namespace["x"] == 1 and namespace["f"]() is None


def test_a_cell_magic_leaves_the_whole_cell_out() -> None:
    cleaned = python_only("%%bash\necho hi\n  indented")
    assert all(not line.strip() or line.lstrip().startswith("#") for line in cleaned.split("\n"))


def test_script_lines_map_back_to_cells() -> None:
    script = NotebookScript([Cell("cell 2", "import os\n"), Cell("cell 5", "a = 1\nb = (")], "/tmp/nb.ipynb")
    assert [script.where(n) for n in range(1, 8)] == [
        "cell 2", "line 1 of cell 2", "line 2 of cell 2", "cell 5", "line 1 of cell 5", "line 2 of cell 5",
        "line 3 of cell 5"]
    with pytest.raises(SyntaxError) as raised:
        script.code_objects()
    assert script.where(raised.value.lineno) == "line 2 of cell 5"


def test_the_stub_is_split_into_imports_and_one_cell_per_definition(layer_norm: Exercise) -> None:
    imports, layer = split_stub(layer_norm.stub())
    assert "import numpy as np" in imports and layer.startswith("class LayerNorm:")
    source = ('"""Doc."""\nimport os\n\nX = 1\n\n\n# about f\n@staticmethod\ndef f():\n    pass\n\n\n'
              'class C:\n    pass\n\n\nREFLECTION = ""\n')
    assert split_stub(source) == ['"""Doc."""\nimport os\n\nX = 1', "# about f\n@staticmethod\ndef f():\n    pass",
                                  'class C:\n    pass\n\n\nREFLECTION = ""']
    assert split_stub("A = None\nB = None\n") == ["A = None\nB = None"]


# ---- the %kata magic --------------------------------------------------------------------------------

MAGIC_SESSION = """
import sys
from IPython.core.interactiveshell import InteractiveShell

stub, reference, workspace = sys.argv[1:4]
shell = InteractiveShell.instance()
shell.run_line_magic("load_ext", "kata")
for cell in [stub,
             "import numpy as np\\nLayerNorm(4).forward(np.ones((2, 4)))\\nnever = 1",  # raises: replayed up to there
             "def broken(:\\n    pass",  # never compiled: left out
             reference,
             "!echo shell line",
             f"%kata check 6.7 --workspace {workspace}"]:
    shell.run_cell(cell, store_history=True)
print("=====", flush=True)
shell.run_cell(f"%kata hint 6.7 --workspace {workspace}", store_history=True)
print("=====", flush=True)
shell.run_cell("words = !echo hi\\nprint(words[0])", store_history=True)  # runs here, not in a replay
shell.run_cell(f"%kata check 6.7 --workspace {workspace} --json", store_history=True)
"""


def test_magic_grades_the_cells_run_in_the_kernel(kata: Kata, tmp_path: Path, workspace: Path, stub_source: str,
                                                  reference_source: str) -> None:
    pytest.importorskip("IPython")
    assert kata("start", "6.7", "--notebook").exit_code == 0
    done = subprocess.run([sys.executable, "-c", MAGIC_SESSION, stub_source, reference_source, str(workspace)],
                          cwd=tmp_path, env=subprocess_env(IPYTHONDIR=str(tmp_path / "ipython")),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    check, hint, replay = done.stdout.split("=====\n")
    assert f"6.7 LayerNorm: forward and backward: PASS  {LAYER_NORM_POINTS}/{LAYER_NORM_POINTS} points" in check, done.stdout
    assert "this-kernel.ipynb" in check
    assert hint.startswith("Hint 1/4: ")
    data = json.loads(replay[replay.index("{"):replay.rindex("}") + 1])
    assert data["status"] == "error"
    assert "NameError: name 'words' is not defined" in data["message"]
    assert "line 2 of In [" in data["message"]
    assert "%kata check replays the cells run in this kernel" in done.stderr
    progress = kata.json("progress")
    layer = next(e for t in progress["tracks"] for e in t["exercises"] if e["id"] == "6.7")
    assert layer["status"] == "done" and layer["attempts"] == 2
