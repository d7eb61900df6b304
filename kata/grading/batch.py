"""The batch grading child: ``python -m kata.grading.batch BATCH.json``.

`kata verify` and mutation scoring grade many variants of one exercise (the reference, the stub, each declared
mistake, each mutant), and verify puts several exercises in one batch. Starting Python, numpy, pytest and torch
once per variant cost far more than the checks themselves, so this process imports them once and forks one
grandchild per variant. Each grandchild is the
ordinary grading child (:func:`kata.grading.child.run`): it loads its own variant, runs the checks under the
guard and writes its own signed result. This process never runs a variant's code and never arms the guard:
it only forks, waits, enforces each variant's time limit and records how each grandchild ended, so nothing
one variant does reaches another or the verdict of another.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

from kata.grading.waiting import ended_within

POLL_S = (0.002, 0.02)  # first and longest wait between looks at a running grandchild


def prewarm_engine() -> None:
    """Import what every variant's grading needs: pytest, the engine, the registry with every plugin."""
    import pytest  # noqa: F401
    from _pytest.config import default_plugins

    from kata import mistakes, testing  # noqa: F401
    from kata.checking import compare  # noqa: F401
    from kata.grading import guard, plugin  # noqa: F401
    from kata.grading.child import UNUSED_PYTEST_PLUGINS
    from kata.grading.guard.events import FRAME_GIVERS, TEXT_ONLY

    # pytest's own plugins that grading uses, which it imports in every session, and the modules the
    # guard looks up when it arms (pdb, bdb, logging...): imported here once, not in every grandchild.
    used = (p for p in default_plugins if p not in UNUSED_PYTEST_PLUGINS)
    for name in (*(f"_pytest.{p}" for p in used), *FRAME_GIVERS, *TEXT_ONLY, "linecache", "tokenize"):
        try:
            importlib.import_module(name)
        except ImportError:
            pass

    from kata.state import notebooks  # noqa: F401
    from kata.state.registry import load_registry

    load_registry()  # the `exercise` fixture's registry, with every plugin imported


def prewarm(spec: dict[str, Any]) -> None:
    """Import this spec's reference and what it imports (numpy, torch and its helpers when it needs them).

    A batch may hold several exercises: this runs once per reference, and what is imported already costs nothing.
    """
    importlib.import_module(spec["reference"])
    if "numpy" in sys.modules:  # numpy loads it on first use, and every check's `rng` fixture uses it
        importlib.import_module("numpy.random")
    if "torch" in sys.modules:
        importlib.import_module("kata.checking.torch_testing")


def _grandchild(spec: dict[str, Any], token: bytes) -> None:
    """In the fork: the ordinary grading child for one variant; never returns."""
    try:
        from kata.grading.child import run
        from kata.grading.guard import seal

        log = os.open(spec["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.close(log)
        os.chdir(spec["cwd"])
        with open(spec["result"], "wb") as out:  # opened before the variant's code runs, as in the child
            data = seal(run(spec), token)
            sys.stdout.flush()
            sys.stderr.flush()
            out.write(data)
    finally:
        os._exit(0)


def wait_child(pid: int, limit: float) -> dict[str, Any]:
    """How a forked child ended (a grandchild here; verify's project runs use it too): its exit code (negative:
    the signal), whether it ran out of time, how long."""
    started = time.monotonic()
    pause = POLL_S[0]
    if ended_within(pid, limit) is False:  # None: no pidfd here, so look every few milliseconds below
        os.kill(pid, signal.SIGKILL)  # not reaped yet: the pid is still this child's
        os.waitpid(pid, 0)
        return {"code": -signal.SIGKILL, "timed_out": True, "elapsed": time.monotonic() - started}
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return {"code": os.waitstatus_to_exitcode(status), "timed_out": False,
                    "elapsed": time.monotonic() - started}
        if time.monotonic() - started > limit:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)
            return {"code": -signal.SIGKILL, "timed_out": True, "elapsed": time.monotonic() - started}
        time.sleep(pause)
        pause = min(pause * 2, POLL_S[1])


def main(argv: list[str]) -> int:
    from kata.grading import snapshot

    specs = [json.loads(Path(p).read_text(encoding="utf-8")) for p in json.loads(Path(argv[1]).read_text())]
    tokens = [sys.stdin.buffer.readline().strip() for _ in specs]  # one per variant, in order
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    try:
        prewarm_engine()
    except Exception:  # each grandchild imports again and reports the failure in its own result
        pass
    warmed: set[str] = set()
    for index, spec in enumerate(specs):
        if spec["reference"] not in warmed:  # a batch may hold several exercises: each is imported once
            warmed.add(spec["reference"])
            try:
                prewarm(spec)
            except Exception:  # each grandchild imports again and reports the failure in its own result
                pass
            snapshot.prepare()  # each grandchild's guard snapshot reuses what did not change since
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            token = tokens[index]
            tokens.clear()  # a variant holds its own token only
            _grandchild(spec, token)
        ended = wait_child(pid, float(spec["time_limit"]))
        Path(spec["status"]).write_text(json.dumps(ended), encoding="utf-8")
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
