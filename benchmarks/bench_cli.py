"""How fast the everyday commands answer, as ratios to a bare-import baseline measured in the same run.

    python benchmarks/bench_cli.py [--repeat N]

Targets: `kata list` within 1.2x `python -c "import click, pluggy"`; `kata check 6.7` on the reference
within 2.0x `python -c "import numpy, pytest"`. Medians of interleaved runs, so machine noise hits both
sides alike. Both sides run with bytecode caching on (PYTHONDONTWRITEBYTECODE unset), as after any install.
Each line also gives the ratio of CPU time (user + system, the command and its children): on a shared, busy
machine it moves far less than wall time does. The verdict is on wall time.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def kata_command() -> list[str]:
    found = shutil.which("kata")
    return [found] if found else [sys.executable, str(ROOT / "cli.py")]


def environment() -> dict[str, str]:
    """This environment with bytecode caching on: what a learner's installed kata runs with."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str], cwd: Path) -> float:
    return measured(command, cwd)[0]


def measured(command: list[str], cwd: Path, stdout: Any = subprocess.DEVNULL) -> tuple[float, float]:
    """Wall time and CPU time (user + system of the command and everything it started), in seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=stdout, stderr=subprocess.DEVNULL, check=False, env=environment())
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def compare(name: str, command: list[str], baseline: list[str], repeat: int, cwd: Path, target: float) -> bool:
    ours, base = [], []
    measured(command, cwd), measured(baseline, cwd)  # warm the file cache
    for _ in range(repeat):
        ours.append(measured(command, cwd))
        base.append(measured(baseline, cwd))
    wall, base_wall = (statistics.median(m[0] for m in runs) for runs in (ours, base))
    cpu, base_cpu = (statistics.median(m[1] for m in runs) for runs in (ours, base))
    ratio = wall / base_wall
    verdict = "ok" if ratio <= target else "OVER TARGET"
    print(f"{name:<28} {wall * 1000:7.1f} ms vs baseline {base_wall * 1000:7.1f} ms"
          f"  ratio {ratio:4.2f} (target <= {target}) {verdict}; CPU {cpu * 1000:.0f} vs {base_cpu * 1000:.0f} ms,"
          f" ratio {cpu / base_cpu:4.2f}")
    return ratio <= target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    kata = kata_command()
    reference = ROOT / "reference" / "stage6_07_layer_norm.py"
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        ok = compare("kata list", [*kata, "list"], [sys.executable, "-c", "import click, pluggy"],
                     args.repeat, cwd, 1.2)
        ok &= compare("kata check 6.7 (reference)", [*kata, "check", "6.7", "--file", str(reference)],
                      [sys.executable, "-c", "import numpy, pytest"], max(3, args.repeat // 3), cwd, 2.0)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
