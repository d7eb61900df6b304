"""The project-run child of `kata verify`: ``python -m kata.authoring.project_runs RUNS.json``.

verify gives every variant of a project (the reference, the stub, each declared mistake) a short `kata run`, so
that its checks re-evaluate real artifacts. Each run used to start Python, torch, torch's compiler stack (which
the optimizer pulls in) and matplotlib afresh: about four seconds of every ten. This process imports them once
and forks one grandchild per run. The grandchild is the ordinary `kata run` command with its arguments, its own
output file and exit code; nothing one run does reaches the next, and this process never runs a variant's code.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from kata.grading.batch import wait_child

def prewarm(first: dict[str, Any]) -> None:
    """Import what every run needs: torch (one thread, as short runs use), its optimizers, matplotlib, the verb."""
    import importlib

    import torch

    torch.set_num_threads(1)
    torch.optim.AdamW([torch.nn.Parameter(torch.zeros(1))])  # its first use imports torch's compiler stack
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401

    from kata.commands import main  # noqa: F401  (the `run` verb and what it imports)
    from kata.commands import run  # noqa: F401

    for name in (first.get("experiment"), first.get("reference")):
        if name:
            importlib.import_module(name)


def _grandchild(spec: dict[str, Any]) -> None:
    """In the fork: `kata run` with this run's arguments, its output to its own file; never returns."""
    code = 1
    try:
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        log = os.open(spec["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.close(log)
        os.environ["KATA_PLAIN"] = "1"
        from kata.commands import main

        try:
            main(args=list(spec["argv"]), prog_name="kata")
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001 (whatever happened, the run failed and says why in its output)
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def main(argv: list[str]) -> int:
    specs = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    try:
        prewarm(specs[0] if specs else {})
    except Exception:  # each run imports again and reports the failure in its own output
        pass
    for spec in specs:
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _grandchild(spec)
        Path(spec["status"]).write_text(json.dumps(wait_child(pid, float(spec["limit"]))), encoding="utf-8")
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
