"""How fast the everyday commands answer, as ratios to a bare-import baseline measured in the same run.

    python benchmarks/bench_cli.py [--repeat N]

Targets (issue 2): `kata list` at most 1.5x `python -c "import click, pluggy"`;
`kata check 6.7` on the reference at most 2.5x `python -c "import numpy, pytest"`.
Medians of interleaved runs, so machine noise hits both sides alike.
"""

from __future__ import annotations

import argparse
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


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
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
                     args.repeat, cwd, 1.5)
        ok &= compare("kata check 6.7 (reference)", [*kata, "check", "6.7", "--file", str(reference)],
                      [sys.executable, "-c", "import numpy, pytest"], max(3, args.repeat // 3), cwd, 2.5)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
