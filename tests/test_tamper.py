"""A learner file cannot cheat its way to a pass (kata.grading.guard): every attempt is refused or ends in an error.

Each attempt grades a 6.7 file that tampers and, where it matters, returns wrong output (the reference plus 1 in
``forward``), so only the tampering could turn it into a pass. The last tests show there are no false alarms: the
reference as a learner file, and a file doing ordinary things, still pass.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from conftest import LAYER_NORM_POINTS, Kata
from helpers import kata_script, subprocess_env
from kata.grading.guard import Policy, forbidden_imports, learner_source, seal, unseal

WRONG = ("self.gamma * self.x_hat + self.beta", "self.gamma * self.x_hat + self.beta + 1.0")  # the forward output, shifted
FORWARD = "        x = np.asarray(x)\n"
STORE = ".kata/progress.sqlite3"  # relative to the workspace, the grading child's folder

# name -> (code put before the wrong solution, a fragment of the report)
TAMPERING = {
    "import the reference": ("import reference.stage6_07_layer_norm as ref\n",
                             "line 1: reference.stage6_07_layer_norm"),
    "from checks import": ("from checks import stage6_07_layer_norm\n", "line 1: checks"),
    "import the exercise's package": ("from exercises.stage6_07_layer_norm import kata_register_exercises\n",
                                      "line 1: exercises.stage6_07_layer_norm"),
    "from kata import compare": ("from kata import compare\n", "line 1: kata.compare"),
    "kata.compare through kata.parts": ("import kata.parts\nkata.compare.mismatch = None\n", "line 2: kata.compare"),
    "importlib.import_module": ("import importlib\nref = importlib.import_module('reference.stage6_07_layer_norm')\n",
                                "line 2: reference.stage6_07_layer_norm"),
    "import_module, name built at run time": (
        "import importlib\nref = importlib.import_module('refer' + 'ence.stage6_07_layer_norm')\n",
        "the grader does not allow importing reference.stage6_07_layer_norm"),
    "__import__, name built at run time": ("ref = __import__('ch' + 'ecks.stage6_07_layer_norm')\n",
                                           "the grader does not allow importing checks.stage6_07_layer_norm"),
    "patch numpy.allclose": ("import numpy\nnumpy.allclose = lambda *a, **k: True\n", "numpy.allclose was replaced"),
    "patch numpy.isfinite and numpy.abs": ("import numpy\nnumpy.isfinite = numpy.isnan\nnumpy.abs = numpy.negative\n",
                                           "numpy.abs was replaced"),
    "patch kata.checking.compare.mismatch": (
        "import sys\nsys.modules['kata.' + 'checking.compare'].mismatch = lambda *a, **k: None\n",
        "kata.checking.compare.mismatch was replaced"),
    "patch kata.checking.naming.expect_same": (
        "import sys\nfor name in ('checking.naming', 'testing'):\n"
        "    sys.modules['kata.' + name].expect_same = lambda *a, **k: None\n",
        "kata.checking.naming.expect_same was replaced"),
    "patch pytest's report outcome": (
        "import _pytest.reports\n_pytest.reports.BaseReport.passed = property(lambda self: True)\n",
        "_pytest.reports.BaseReport.passed was replaced"),
    "patch pytest's report outcome from a thread": (
        "import threading, _pytest.reports\nthreading.Thread(target=setattr, args=(_pytest.reports.BaseReport, "
        "'passed', property(lambda self: True))).start()\n", "_pytest.reports.BaseReport.passed"),
    "swap the code of pytest's call": (
        "import _pytest.runner\n_pytest.runner.CallInfo.from_call.__func__.__code__ = (lambda: None).__code__\n",
        "the grader does not allow replacing __code__ of _pytest.runner.CallInfo.from_call"),
    "open the progress store": ("open('.kata/progress.sqlite3', 'ab').write(b'x')\n",
                                "the grader does not allow opening"),
    "read the reference by path": (
        "import os\npath = os.path.join(os.path.dirname(os.path.dirname(__import__('kata').__file__)), 'reference', "
        "'stage6_07_layer_norm.py')\nexec(open(path).read().split('# ---- known')[0])\n",
        "the grader does not allow reading"),
    "overwrite the result file": ("import json, sys\nspec = json.load(open(sys.argv[1]))\n"
                                  "open(spec['result'], 'w').write('{\"status\": \"ran\", \"checks\": []}')\n",
                                  "the grader does not allow writing"),
    "start a process": ("import subprocess\nsubprocess.run(['true'])\n", "starting a process"),
    "ctypes": ("import ctypes\nctypes.CDLL(None)\n", "using ctypes"),
    "reach the check's frame from forward": (
        "import sys\n_real_forward = None\n", "reaching stack frames"),
}


def _wrong(reference_source: str) -> str:
    assert WRONG[0] in reference_source and FORWARD in reference_source, "the 6.7 reference changed"
    return reference_source.replace(*WRONG)


def _file_for(name: str, reference_source: str) -> str:
    prefix, _ = TAMPERING[name]
    wrong = _wrong(reference_source)
    if name == "reach the check's frame from forward":  # return what the check expects, taken from its frame
        return prefix + wrong.replace(FORWARD, FORWARD + "        sys._getframe(2).f_locals\n")
    return prefix + wrong


@pytest.mark.parametrize("name", list(TAMPERING))
def test_tampering_is_refused_or_ends_in_an_error(name: str, kata: Kata, write_learner,
                                                  reference_source: str) -> None:
    write_learner(_file_for(name, reference_source))
    result = kata("check", "6.7", "--json")
    assert result.exit_code == 3, result.output[-3000:]
    data = json.loads(result.stdout)
    assert data["status"] == "error"
    assert TAMPERING[name][1] in data["message"], data["message"]


def test_patching_inside_a_check_is_caught_after_that_check(kata: Kata, write_learner,
                                                            reference_source: str) -> None:
    patch = "        import numpy\n        numpy.testing.assert_allclose = lambda *a, **k: None\n"
    write_learner(_wrong(reference_source).replace(FORWARD, FORWARD + patch))
    data = kata.json("check", "6.7", expect=3)
    assert "numpy.testing.assert_allclose was replaced" in data["message"]
    assert len(data["checks"]) == 1  # the run stopped after the first check


def test_a_check_run_stopped_from_inside_is_an_error(kata: Kata, write_learner, reference_source: str) -> None:
    stop = "        if x.shape == (6, 6):\n            raise KeyboardInterrupt\n"
    write_learner(reference_source.replace(FORWARD, FORWARD + stop))
    data = kata.json("check", "6.7", expect=3)
    assert "the checks stopped before" in data["message"]


def _passing_rows(workspace: Path) -> int:
    with sqlite3.connect(workspace / ".kata" / "progress.sqlite3") as store:
        return store.execute("SELECT count(*) FROM attempts WHERE status = 'pass'").fetchone()[0]


@pytest.mark.parametrize("how", ["sqlite3", "a process", "a link to the store"])
def test_the_store_cannot_be_forged(how: str, kata: Kata, workspace: Path, write_learner,
                                   reference_source: str, stub_source: str) -> None:
    write_learner(stub_source)
    kata("check", "6.7")  # a real attempt: the store exists
    insert = "INSERT INTO attempts VALUES ('6.7', 1e10, 'pass', 10, 10, 0.1, 'forged')"
    attack = {
        "sqlite3": f"import sqlite3\nwith sqlite3.connect({STORE!r}) as db:\n    db.execute({insert!r})\n",
        "a process": "import subprocess, sys\nsubprocess.run([sys.executable, '-c', "
                     f"{f'import sqlite3; sqlite3.connect({STORE!r}).execute({insert!r}).connection.commit()'!r}])\n",
        "a link to the store": "import os, tempfile\nlink = os.path.join(tempfile.mkdtemp(), 'store')\n"
                               f"os.symlink(os.path.abspath({STORE!r}), link)\nopen(link, 'ab')\n",
    }[how]
    write_learner("try:\n" + "".join(f"    {line}\n" for line in attack.splitlines()) +
                  "except Exception:\n    pass\n" + _wrong(reference_source))
    data = kata.json("check", "6.7", expect=3)
    assert "does not count" in data["message"]
    assert _passing_rows(workspace) == 0


def test_a_forged_result_written_through_the_open_handle_is_rejected(kata: Kata, write_learner) -> None:
    forged = json.dumps({"result": json.dumps({"status": "ran", "checks": []}), "hmac": "0" * 64})
    write_learner("import os\n"
                  "for fd in os.listdir('/proc/self/fd'):\n"
                  "    try:\n"
                  "        if os.readlink(f'/proc/self/fd/{fd}').endswith('result.json'):\n"
                  f"            os.write(int(fd), {forged.encode()!r})\n"
                  "    except OSError:\n"
                  "        pass\n"
                  "os._exit(0)\n")
    data = kata.json("check", "6.7", expect=3)
    assert "the grading result was tampered with" in data["message"]


# ---- no false alarms -------------------------------------------------------------------------------------------

ORDINARY = '''
import collections, dataclasses, logging, os, tempfile, traceback, typing
from kata.parts import LayerNorm as PartsLayerNorm  # a learner may use kata.parts

Pair = collections.namedtuple("Pair", "a b")
T = typing.TypeVar("T")


@dataclasses.dataclass
class Settings:
    eps: float = 1e-5


logging.getLogger("mine").info("loading")
with open(os.path.join(tempfile.mkdtemp(), "notes.txt"), "w") as notes:
    notes.write("scratch files outside the grader's folders are fine")
try:
    {}["missing"]
except KeyError:
    traceback.format_exc()
print("hello from the learner's file")
'''


def test_ordinary_code_and_the_reference_text_still_pass(kata: Kata, write_learner, reference_source: str) -> None:
    write_learner(ORDINARY + reference_source)
    data = kata.json("check", "6.7")
    assert data["status"] == "pass" and data["score"] == LAYER_NORM_POINTS, data


def test_grading_caches_no_bytecode_beside_the_learners_code(kata: Kata, write_learner, reference_source: str,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """With bytecode caching on (Python's default), the child caches kata's modules but nothing of the learner's:
    neither the graded file nor a helper module it imports leaves a __pycache__ in the workspace."""
    monkeypatch.delenv("PYTHONDONTWRITEBYTECODE", raising=False)
    learner = write_learner("from layer_norm_helpers import EPS\n" + reference_source)
    (learner.parent / "layer_norm_helpers.py").write_text("EPS = 1e-5\n", encoding="utf-8")
    data = kata.json("check", "6.7")
    assert data["status"] == "pass", data
    assert not list(learner.parent.rglob("__pycache__"))


def test_the_reference_still_verifies() -> None:
    done = subprocess.run([kata_script(), "verify", "6.7", "--json"], env=subprocess_env(), capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert json.loads(done.stdout)["ok"] is True


# ---- the pieces, without a grading run ---------------------------------------------------------------------------

POLICY = Policy(protected=("reference", "checks", "exercises", "reference.stage6_07_layer_norm"))


@pytest.mark.parametrize("source, found", [
    ("import numpy as np\nfrom kata.parts import LayerNorm\nfrom kata import parts, debug_models\n", []),
    ("def f(reference, checks):\n    return reference.x + checks.y\n", []),  # names, not modules
    ('"""Checks the reference. Uses kata.compare-like messages."""\nx = "checks"\n', []),
    ("import kata.parts\nkata.parts.softmax(1)\n", []),
    ("import kata.parts\nkata.grading.guard.arm = None\n", ["line 2: kata.grading.guard.arm"]),
    ("from reference import *\n", ["line 1: reference"]),
    ("import sys\nm = sys.modules.get('checks')\n", ["line 2: checks"]),
    ("import sys\nm = sys.modules['reference.stage6_07_layer_norm']\n", ["line 2: reference.stage6_07_layer_norm"]),
    ("name = 'kata.mistakes'\n", ["line 1: kata.mistakes"]),
    ("import importlib.util\nimportlib.util.find_spec('checks')\n", ["line 2: checks"]),
    ("def broken(:\n", []),  # loading the file reports the syntax error
])
def test_the_static_scan(source: str, found: list[str]) -> None:
    assert forbidden_imports(source, POLICY) == found


def test_a_notebook_is_scanned_as_its_code_cells(tmp_path: Path) -> None:
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": "import reference"},
        {"cell_type": "code", "metadata": {}, "source": "%matplotlib inline\nfrom checks import x",
         "outputs": [], "execution_count": None}]}
    path = tmp_path / "mine.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    assert [f.split(":")[1].strip() for f in forbidden_imports(learner_source(path), POLICY)] == ["checks"]


def test_the_result_signature() -> None:
    token, result = b"secret", {"status": "ran", "checks": [{"name": "x", "status": "pass"}]}
    assert unseal(seal(result, token), token) == (result, False)
    assert unseal(seal(result, token), b"other") == (None, True)
    forged = json.loads(seal(result, token))
    forged["result"] = forged["result"].replace("ran", "RAN")
    assert unseal(json.dumps(forged).encode(), token) == (None, True)
    assert unseal(b"", token) == (None, False)  # nothing came back: the child died


def test_the_frame_givers_are_located_without_being_imported() -> None:
    """The guard finds where inspect, asyncio, pdb... live without importing them (a grading need not pay for
    asyncio to know its frames): the same files their modules would name."""
    import importlib
    import os

    from kata.grading.guard.events import FRAME_GIVERS
    from kata.grading.guard.judge import _location

    for name in FRAME_GIVERS:
        module = importlib.import_module(name)
        where = os.path.dirname(module.__file__) if hasattr(module, "__path__") else module.__file__
        assert _location(name) == os.path.realpath(where), name
