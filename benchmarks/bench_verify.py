"""How long `kata verify` of every exercise that is not a project takes, as a ratio to one bare import.

    python benchmarks/bench_verify.py [-j 2] [IDS ...]

Target: at most 60 s on 2 cores where that import takes about 0.2 s, i.e. a ratio of at most 290 to the time
`python -c "import numpy, pytest"` takes in the same run (measured before and after, five times each). Also prints the variants
graded and the cost of one variant in bare imports, which is what the pre-warmed batch child saves, and the
CPU time spent (all processes), whose share per core is what the run takes on a quiet machine: on a busy shared
machine the wall time says more about the other work than about kata.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_cli import environment, kata_command, measured, timed  # noqa: E402

TARGET_RATIO = 290.0  # 60 s over the 0.2 s bare import of the machine the target was set on


def bare_import(cwd: Path) -> float:
    return statistics.median(timed([sys.executable, "-c", "import numpy, pytest"], cwd) for _ in range(5))


def non_project_ids() -> list[str]:
    listed = subprocess.run([*kata_command(), "list", "--json"], capture_output=True, text=True, check=True,
                            env=environment())
    return [e["id"] for e in json.loads(listed.stdout) if e["kind"] != "project"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("ids", nargs="*")
    args = parser.parse_args()
    ids = args.ids or non_project_ids()
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        before = bare_import(cwd)
        out = cwd / "verify.json"
        with out.open("w", encoding="utf-8") as report_file:
            spent, cpu = measured([*kata_command(), "verify", *ids, "-j", str(args.jobs), "--json"], cwd,
                                  stdout=report_file)
        base = statistics.median([before, bare_import(cwd)])
        base_cpu = statistics.median(measured([sys.executable, "-c", "import numpy, pytest"], cwd)[1]
                                     for _ in range(5))
        report = json.loads(out.read_text(encoding="utf-8") or "{}")
    variants = sum(item["runs"] for item in report.get("exercises", []))
    ratio = spent / base
    print(f"kata verify of {len(ids)} exercises ({variants} variants, -j {args.jobs}): {spent:.1f} s; bare import "
          f"{base * 1000:.0f} ms; ratio {ratio:.0f} (target <= {TARGET_RATIO:.0f}); "
          f"{spent / max(variants, 1) / base:.1f} bare imports per variant; "
          f"verify {'ok' if report.get('ok') else 'FOUND PROBLEMS'}")
    print(f"CPU time: {cpu:.1f} s in all, {cpu / args.jobs:.1f} s per core (a quiet machine's wall time); bare "
          f"import {base_cpu * 1000:.0f} ms of CPU; CPU ratio {cpu / args.jobs / base_cpu:.0f} (target <= "
          f"{TARGET_RATIO:.0f})")
    return 0 if ratio <= TARGET_RATIO and report.get("ok") else 1


if __name__ == "__main__":
    sys.exit(main())
