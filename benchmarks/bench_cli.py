"""How fast the everyday commands answer, as ratios to a bare-import baseline measured in the same run.

    python benchmarks/bench_cli.py [--repeat N]

Targets: `kata list` within 1.2x `python -c "import click, pluggy"`; `kata check 6.7` on the reference
within 2.0x `python -c "import numpy, pytest"`. Medians of interleaved runs, so machine noise hits both
sides alike. Both sides run with bytecode caching on (PYTHONDONTWRITEBYTECODE unset), as after any install.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def kata_command() -> list[str]:
    found = shutil.which("kata")
    return [found] if found else [sys.executable, str(ROOT / "cli.py")]


def environment() -> dict[str, str]:
    """This environment with bytecode caching on: what a learner's installed kata runs with."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                   env=environment())
    return time.perf_counter() - start


def compare(name: str, command: list[str], baseline: list[str], repeat: int, cwd: Path, target: float) -> bool:
    ours, base = [], []
    timed(command, cwd), timed(baseline, cwd)  # warm the file cache
    for _ in range(repeat):
        ours.append(timed(command, cwd))
        base.append(timed(baseline, cwd))
    ratio = statistics.median(ours) / statistics.median(base)
    verdict = "ok" if ratio <= target else "OVER TARGET"
    print(f"{name:<28} {statistics.median(ours) * 1000:7.1f} ms vs baseline {statistics.median(base) * 1000:7.1f} ms"
          f"  ratio {ratio:4.2f} (target <= {target}) {verdict}")
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
