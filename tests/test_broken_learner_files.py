"""Whatever a learner's 6.7 file does, `kata check` ends in a plain report with exit 1 or 3 (DESIGN.md).

Exit 1: a check failed, including an exception raised by the learner's code inside a check.
Exit 3: the file could not be run at all (syntax/import error, died, exited early, time or memory limit).
Each case is one test, so pytest-xdist spreads these subprocess-bound gradings over the workers.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Callable

import pytest

from conftest import LAYER_NORM_POINTS, Kata
from helpers import assert_plain

TIME_LIMIT = "3"
TWENTY_MB = 20 * 1024 * 1024
FORWARD_ANCHOR = "        x = np.asarray(x)\n"


def _in_forward(reference: str, code: str) -> str:
    """The reference with ``code`` (indented 8) run first thing in ``LayerNorm.forward``."""
    assert FORWARD_ANCHOR in reference, "the 6.7 reference changed; update FORWARD_ANCHOR"
    return reference.replace(FORWARD_ANCHOR, FORWARD_ANCHOR + code, 1)


@dataclass(frozen=True)
class Case:
    build: Callable[[str, str], str]  # (reference source, stub source) -> learner file
    exit_code: int
    says: tuple[str, ...]  # fragments the report must contain (the run message or the first failing check's)
    human: bool = False  # also grade it once more for the human report (one case per way of rendering it)


CASES = {
    "syntax error": Case(lambda ref, stub: ref + "\n\ndef broken(:\n    pass\n", 3,
                         ("your file has a syntax error on line", "def broken(:"), human=True),
    "import error": Case(lambda ref, stub: "import kata_no_such_module_anywhere\n" + ref, 3,
                         ("could not be imported", "No module named 'kata_no_such_module_anywhere'")),
    "hang at import": Case(lambda ref, stub: "while True:\n    pass\n" + ref, 3,
                           (f"your code took longer than {TIME_LIMIT} s",)),
    "os._exit(0) at import": Case(lambda ref, stub: "import os\nos._exit(0)\n" + ref, 3,
                                  ("ended early with exit status 0 and no result",), human=True),
    "sys.exit(0) at import": Case(lambda ref, stub: "import sys\nsys.exit(0)\n" + ref, 3,
                                  ("your file called sys.exit(0) while being imported", "__main__")),
    "SIGKILL at import": Case(lambda ref, stub: "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n" + ref,
                              3, ("killed by SIGKILL",)),
    "exception at import": Case(lambda ref, stub: ref + "\nraise RuntimeError('boom at import')\n", 3,
                                ("RuntimeError: boom at import while being imported",
                                 "in <module>: raise RuntimeError('boom at import')")),
    "exception inside forward": Case(lambda ref, stub: _in_forward(ref, "        raise KeyError('learner bug')\n"),
                                     1, ("your code raised KeyError: 'learner bug'",
                                         "in forward: raise KeyError('learner bug')"), human=True),
    "exception whose message raises": Case(
        lambda ref, stub: ("class Weird(Exception):\n    def __str__(self):\n        raise RuntimeError('no')\n\n\n"
                           "class LayerNorm:\n    def __init__(self, dim, eps=1e-5):\n        raise Weird()\n"),
        1, ("raised a Weird whose message cannot be printed",)),
    "NaN output": Case(lambda ref, stub: ref.replace("self.gamma * self.x_hat + self.beta",
                                                     "self.gamma * self.x_hat + self.beta + np.nan"),
                       1, ("contains NaN at",), human=True),
    "memory hog at import": Case(
        lambda ref, stub: "import numpy as np\nhog = []\nwhile True:\n    hog.append(np.empty(10**8))\n" + ref,
        3, ("out of memory",)),
    "memory hog inside forward": Case(
        lambda ref, stub: _in_forward(ref, "        hog = []\n        while True:\n"
                                           "            hog.append(np.empty(10**8))\n"), 3, ("out of memory",),
        human=True),
    "20 MB of printing, then an exception at import": Case(
        lambda ref, stub: f"import sys\nsys.stdout.write('x' * {TWENTY_MB} + '\\nLAST WORDS\\n')\n"
                          "raise ValueError('after the flood')\n" + ref,
        3, ("ValueError: after the flood", "What it printed (last part only)", "LAST WORDS"), human=True),
    "empty file": Case(lambda ref, stub: "", 1, ("your file does not define `LayerNorm`",), human=True),
    "stub untouched": Case(lambda ref, stub: stub, 1, ("not implemented yet", "NotImplementedError")),
}


def _messages(data: dict) -> str:
    return "\n".join([data.get("message", "")] + [c["message"] for c in data["checks"]])


def _first_report(data: dict) -> str:
    failing = [c["message"] for c in data["checks"] if c["status"] != "pass"]
    return data.get("message") or (failing[0] if failing else "")


@pytest.mark.parametrize("name", list(CASES))
def test_broken_file_gets_a_plain_report(name: str, kata: Kata, write_learner, reference_source: str,
                                         stub_source: str) -> None:
    case = CASES[name]
    path = write_learner(case.build(reference_source, stub_source))
    result = kata("check", "6.7", "--json", "--time-limit", TIME_LIMIT)
    assert result.exit_code == case.exit_code, result.output[-3000:]
    data = json.loads(result.stdout)
    assert data["status"] == {1: "fail", 3: "error"}[case.exit_code]
    assert data["score"] < data["max_score"] == LAYER_NORM_POINTS
    report = _first_report(data)
    for fragment in case.says:
        assert fragment in report, f"{fragment!r} not in:\n{report}"
    assert_plain(_messages(data))
    assert len(result.stdout) < 50_000

    line = re.search(r"line (\d+), in forward", report)
    if line:  # the learner's own line number, pointing at their own code
        source_line = path.read_text(encoding="utf-8").splitlines()[int(line.group(1)) - 1]
        assert source_line.strip() in report

    if case.human:
        human = kata("check", "6.7", "--time-limit", TIME_LIMIT)
        assert human.exit_code == case.exit_code
        assert ": ERROR  " in human.stdout if case.exit_code == 3 else ": FAIL  " in human.stdout
        assert case.says[0] in human.stdout
        assert_plain(human.output)
        assert len(human.output) < 50_000


def test_printing_20_mb_at_import_and_inside_forward_is_graded_normally(kata: Kata, write_learner,
                                                                        reference_source: str) -> None:
    flood = (f"import sys\nsys.stdout.write('x' * {TWENTY_MB})\nprint('y' * {TWENTY_MB}, file=sys.stderr)\n"
             "_flooded = []\n")
    once_in_forward = ("        if not _flooded:\n            _flooded.append(1)\n"
                       f"            print('z' * {TWENTY_MB})\n")
    write_learner(flood + _in_forward(reference_source, once_in_forward))
    result = kata("check", "6.7", "--json", "--time-limit", TIME_LIMIT)
    assert result.exit_code == 0, result.output[-3000:]
    data = json.loads(result.stdout)
    assert (data["status"], data["score"]) == ("pass", LAYER_NORM_POINTS)
    assert len(result.output) < 50_000  # the flood is not passed on
    human = kata("check", "6.7", "--time-limit", TIME_LIMIT)
    assert human.exit_code == 0 and len(human.output) < 50_000


def test_a_file_with_the_axis_0_bug_is_told_its_known_mistake(kata: Kata, write_learner,
                                                              reference_source: str) -> None:
    stats = "mean = x.mean(axis=-1, keepdims=True)\n        var = x.var(axis=-1, keepdims=True)"
    assert stats in reference_source
    write_learner(reference_source.replace(stats, stats.replace("axis=-1", "axis=0")))
    data = kata.json("check", "6.7", expect=1)
    assert data["status"] == "fail"
    named = [c for c in data["checks"] if "known mistake (axis 0)" in c["message"]]
    assert named, _messages(data)
    assert "normalise each row over the last axis" in named[0]["message"]
    human = kata("check", "6.7")
    assert "This matches a known mistake (axis 0)" in human.stdout


def test_the_time_limit_counts_from_when_the_learners_code_starts() -> None:
    """A hang is stopped `limit` seconds after the child says the learner's code runs, not after the limit plus the
    allowance for starting Python, numpy and pytest (which a slow machine may need, and a fast one does not)."""
    import os
    import subprocess
    import sys
    import time

    from kata.grading.runner import _kill, _wait

    ready, ready_child = os.pipe()
    process = subprocess.Popen([sys.executable, "-c", f"import os, time; os.write({ready_child}, b'1'); time.sleep(60)"],
                               pass_fds=(ready_child,), start_new_session=True)
    os.close(ready_child)
    began = time.monotonic()
    try:
        assert _wait(process, ready, limit=0.5, allowance=120.0) is None  # still running: too long
        assert time.monotonic() - began < 60  # long before the allowance (and the child's own end)
    finally:
        _kill(process)
    ready, ready_child = os.pipe()
    quick = subprocess.Popen([sys.executable, "-c", "pass"], pass_fds=(ready_child,))
    os.close(ready_child)
    assert _wait(quick, ready, limit=60.0, allowance=60.0) == 0  # ended without a word: its exit code


def test_a_childs_end_is_seen_at_once_and_a_deadline_holds() -> None:
    import subprocess
    import sys

    from kata.grading.waiting import ended_within

    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        assert ended_within(sleeper.pid, 0.2) in (False, None)  # None: no pidfd on this system
    finally:
        sleeper.kill()
        sleeper.wait()
    quick = subprocess.Popen([sys.executable, "-c", "pass"])
    assert ended_within(quick.pid, 60.0) in (True, None)
    assert quick.wait(timeout=60) == 0  # not reaped by the look: Popen still gets the exit code
