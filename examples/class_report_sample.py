"""Make a sample class for an exercise and grade it into the HTML class report.

    python examples/class_report_sample.py -o report.html            # 20 submissions of 6.7, graded 2 at a time
    python examples/class_report_sample.py -o report.html --keep class/   # also keep the submission folders

The class is generated, the same every time: a few copies of the reference solution, the untouched stub,
one learner file per known mistake of the exercise (several students make the common ones), and a file with a
syntax error. Each student is a folder holding the workspace file, as a class would hand them in. The
report is what `kata grade ID class/* --format html -o report.html` writes.
"""

from __future__ import annotations

import argparse
import importlib
import random
import re
import sys
import tempfile
from pathlib import Path

BROKEN = "import numpy as np\n\n\nclass LayerNorm(:\n    pass\n"


def mistake_source(reference_source: str, overrides: dict[str, object]) -> str:
    """A learner file that makes one known mistake: the reference with its buggy variant bound to the real name.

    The reference module's source, without its ``MISTAKES`` declaration (and the import that declares them),
    then ``LayerNorm = _Axis0`` for each name the mistake replaces.
    """
    body = reference_source.split("\nMISTAKES = (", 1)[0]
    body = re.sub(r"^from kata\.mistakes import .*$", "", body, flags=re.M)
    rebinds = "".join(f"{name} = {getattr(value, '__name__', name)}\n" for name, value in overrides.items())
    return f"{body.rstrip()}\n\n\n{rebinds}"


def make_class(folder: Path, exercise_id: str = "6.7", size: int = 20, seed: int = 0) -> list[Path]:
    """Write ``size`` student folders under ``folder``; returns them in name order."""
    from kata.exercise import solution_text
    from kata.mistakes import mistakes_of
    from kata.registry import load_registry

    exercise = load_registry().get(exercise_id)
    reference = importlib.import_module(exercise.reference)
    source = Path(reference.__file__).read_text(encoding="utf-8")
    declared = [m for m in mistakes_of(reference) if m.name in exercise.mistakes] or list(mistakes_of(reference))
    kinds = [mistake_source(source, m.overrides) for m in declared]  # one of each mistake ...
    files = [solution_text(exercise)] * 3 + [exercise.stub()] * 2 + [BROKEN] + kinds
    rng = random.Random(seed)
    weights = [len(declared) - i for i in range(len(declared))]  # ... and more of the first ones, as in a class
    while len(files) < size:
        files.append(rng.choices(kinds, weights=weights)[0] if kinds else solution_text(exercise))
    rng.shuffle(files)
    folders = []
    for number, text in enumerate(files[:size], 1):
        student = folder / f"student-{number:02d}"
        student.mkdir(parents=True, exist_ok=True)
        (student / Path(exercise.filename).name).write_text(text, encoding="utf-8")
        folders.append(student)
    return folders


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", type=Path, default=Path("report.html"), help="the report to write")
    parser.add_argument("--exercise", default="6.7", help="the exercise id (default 6.7)")
    parser.add_argument("--size", type=int, default=20, help="how many submissions (default 20)")
    parser.add_argument("--keep", type=Path, help="write the submissions here and keep them")
    parser.add_argument("-j", "--jobs", type=int, default=2, help="submissions graded at once (default 2)")
    args = parser.parse_args(argv)
    import cli

    with tempfile.TemporaryDirectory(prefix="kata-class-") as tmp:
        folder = args.keep or Path(tmp)
        students = make_class(folder, args.exercise, args.size)
        try:
            cli.main(["grade", args.exercise, *map(str, students), "-j", str(args.jobs), "--format", "html",
                      "-o", str(args.output)], prog_name="kata")
        except SystemExit as exc:  # 3: some submission could not be run (the broken one), as intended
            if exc.code not in (0, 3, None):
                return int(exc.code) if isinstance(exc.code, int) else 1
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
