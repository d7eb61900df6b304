"""``kata export gradescope ID``: an autograder bundle that grades one exercise on Gradescope.

The bundle is what Gradescope's autograder specification asks for: ``setup.sh`` (run once, as root,
while the image is built: Python, a virtual environment, CPU-only PyTorch, then transformer-kata
from PyPI pinned to this version, or the wheels/sdists given with ``--wheel``) and ``run_autograder``
(run per submission: ``kata grade ID /autograder/submission --format gradescope --output
/autograder/results/results.json``), plus a README, zipped as ``autograder.zip`` for upload.

``run_autograder`` reads ``KATA_AUTOGRADER_ROOT`` (default ``/autograder``) and ``KATA_BIN``
(default: the bundle's virtual environment's ``kata``) so that it can be tried outside Gradescope.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click

from kata import __version__
from kata.app import USAGE_ERROR, App, exercise_argument
from kata.exercise import Exercise
from kata.reporting import render
from kata.reporting.reports import VISIBILITIES
from kata.state.builtins import BUILTIN

DISTRIBUTION = "transformer-kata"
TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"
EXECUTABLE = ("setup.sh", "run_autograder")
UNKNOWN_DISTRIBUTION = "an unknown distribution"  # kata.state.entry_points' words for a pack without metadata

SETUP = """#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder image (Ubuntu 22.04 or later).
# Made by `kata export gradescope {id}` ({distribution} {version}).
set -euo pipefail
ROOT="${{KATA_AUTOGRADER_ROOT:-/autograder}}"
SOURCE="$(cd "$(dirname "${{BASH_SOURCE[0]}}")" && pwd)"

apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 python3-venv python3-pip

# A virtual environment: recent Ubuntu refuses `pip install` into the system Python.
python3 -m venv "$ROOT/venv"
PIP=("$ROOT/venv/bin/python" -m pip install --no-cache-dir)
"${{PIP[@]}}" --upgrade pip
# CPU-only PyTorch first: {distribution} depends on torch, and PyPI's default Linux wheel brings CUDA (gigabytes).
"${{PIP[@]}}" --index-url {torch_index} "torch>=2.1"
"${{PIP[@]}}" {requirements}

# Fail the build now, not at the first submission, if the exercise is missing.
"$ROOT/venv/bin/kata" show {id} > /dev/null
"""

RUN = """#!/usr/bin/env bash
# Gradescope runs this for every submission, from /autograder; it writes results/results.json.
# Grades exercise {id} ({title}). Made by `kata export gradescope {id}` ({distribution} {version}).
# KATA_AUTOGRADER_ROOT (default /autograder) and KATA_BIN (default: setup.sh's kata) let you try it elsewhere.
set -uo pipefail
ROOT="${{KATA_AUTOGRADER_ROOT:-/autograder}}"
KATA="${{KATA_BIN:-$ROOT/venv/bin/kata}}"
mkdir -p "$ROOT/results"
export KATA_PLAIN=1

"$KATA" grade {id} "$ROOT/submission" --format gradescope --output "$ROOT/results/results.json"{options}
status=$?
# 0: graded; 3: the student's file could not be run, and results.json tells them why. Anything else is
# the autograder's own failure: exit with it, so Gradescope reports a broken autograder, not a zero.
if [ "$status" -eq 0 ] || [ "$status" -eq 3 ]; then
    exit 0
fi
echo "kata grade exited with status $status: the autograder itself failed (see the messages above)" >&2
exit "$status"
"""

README = """# Gradescope autograder for {id}: {title}

Made by `kata export gradescope {id}` ({distribution} {version}).

## Files
- `setup.sh`: run once by Gradescope while it builds the image: installs Python 3, a virtual environment in
  `/autograder/venv`, CPU-only PyTorch, and {installs}.
- `run_autograder`: run for every submission: `kata grade {id} /autograder/submission --format gradescope
  --output /autograder/results/results.json`.
- `autograder.zip`: the files above{bundled}, ready to upload.

## Use
1. On Gradescope, create a Programming Assignment worth {points} points, choose the Ubuntu 22.04 (or later)
   base image, and upload `autograder.zip`.
2. Students submit `{expected}` (a different name works when it is the only `.py` file they submit).
3. Each check of the exercise is one Gradescope test with its own points and message. A file that cannot be run
   (syntax error, crash, time limit) scores 0 with one test, "the submission runs", that says why.

## Try it before uploading
```
mkdir -p /tmp/ag/submission && cp {expected} /tmp/ag/submission/
KATA_AUTOGRADER_ROOT=/tmp/ag KATA_BIN="$(command -v kata)" bash run_autograder && cat /tmp/ag/results/results.json
```

Until {distribution} {version} is on PyPI, build a wheel of the project (`pip wheel --no-deps -w dist .`) and
export again with `--wheel dist/<the wheel>`: the wheel is bundled and installed instead.
"""


def _distribution_name(file: Path) -> str:
    """The normalised project name of a wheel (``name-version-tags.whl``) or sdist (``name-version.tar.gz``)."""
    if file.name.endswith(".whl"):
        name = file.name.split("-", 1)[0]
    else:  # an sdist's name may keep its dashes (older tools): the version is what follows the last one
        name = file.name.removesuffix(".tar.gz").removesuffix(".zip").rsplit("-", 1)[0]
    return name.replace("_", "-").replace(".", "-").lower()


def _requirements(app: App, exercise: Exercise, wheels: list[Path]) -> tuple[list[str], list[str]]:
    """What setup.sh installs after torch: the bundled files, and PyPI pins for what none of them provides.

    An exercise from an installed pack needs that pack too: its distribution is pinned to the installed version.
    """
    needed = {DISTRIBUTION: __version__}
    owner = app.registry.owner.get(exercise.id, "")
    plugin = app.registry.loaded_plugins().info.get(owner) if owner != BUILTIN else None
    if plugin is not None and plugin.distribution != UNKNOWN_DISTRIBUTION:
        name, _, installed = plugin.distribution.partition(" ")  # "name version", as kata.state.entry_points reports it
        needed[name] = installed
    provided = {_distribution_name(w) for w in wheels}
    pins = [f"{name}=={version}" if version else name for name, version in needed.items()
            if name.replace("_", "-").lower() not in provided]
    return [w.name for w in wheels], pins


def _write_bundle(folder: Path, files: dict[str, str], wheels: list[Path], make_zip: bool) -> list[Path]:
    import shutil
    import zipfile

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8", newline="\n")
        path.chmod(0o755 if name in EXECUTABLE else 0o644)
        written.append(path)
    for wheel in wheels:
        if wheel.resolve() != (folder / wheel.name).resolve():
            shutil.copy2(wheel, folder / wheel.name)
        written.append(folder / wheel.name)
    if make_zip:
        archive = folder / "autograder.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
            for path in written:  # at the archive's root, as Gradescope requires, executables kept executable
                info = zipfile.ZipInfo(path.name, date_time=(2024, 1, 1, 0, 0, 0))
                info.external_attr = (0o100755 if path.name in EXECUTABLE else 0o100644) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                bundle.writestr(info, path.read_bytes())
        written.append(archive)
    return written


@click.group("export")
def command() -> None:
    """Write grading bundles for other platforms (Gradescope)."""


@command.command("gradescope")
@exercise_argument
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the bundle (default: ./gradescope-ID).")
@click.option("--wheel", "wheels", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A wheel or sdist to bundle and install instead of PyPI (this project's, or an exercise pack's); "
                   "repeatable.")
@click.option("--time-limit", type=click.FloatRange(min=0.1), help="Seconds per submission (default: the exercise's).")
@click.option("--visibility", type=click.Choice(VISIBILITIES), default="visible", show_default=True,
              help="When students see each check's result.")
@click.option("--zip/--no-zip", "make_zip", default=True, show_default=True, help="Also write autograder.zip.")
@click.pass_obj
def gradescope(app: App, exercise_id: str, output: Path | None, wheels: tuple[Path, ...], time_limit: float | None,
               visibility: str, make_zip: bool) -> None:
    """Write a Gradescope autograder (setup.sh, run_autograder, README, autograder.zip) for one exercise."""
    exercise = app.exercise(exercise_id)
    folder = output or Path(f"gradescope-{exercise.id}")
    if folder.exists() and not folder.is_dir():
        render.error(f"--output {folder} is a file; give a folder for the bundle.")
        sys.exit(USAGE_ERROR)
    options = (f" --time-limit {time_limit:g}" if time_limit else "") + (
        f" --visibility {visibility}" if visibility != "visible" else "")
    fields = {"id": shlex.quote(exercise.id), "title": exercise.title, "distribution": DISTRIBUTION,
              "version": __version__, "points": exercise.points,
              "expected": Path(exercise.filename).name}
    bundled, pins = _requirements(app, exercise, list(wheels))
    requirements = ['"$SOURCE"/' + shlex.quote(name) for name in bundled] + [shlex.quote(pin) for pin in pins]
    files = {
        "setup.sh": SETUP.format(**fields, torch_index=TORCH_CPU_INDEX, requirements=" ".join(requirements)),
        "run_autograder": RUN.format(**fields, options=options),
        "README.md": README.format(**fields, installs=", ".join(bundled + pins),
                                   bundled=" and " + ", ".join(bundled) if bundled else ""),
    }
    for path in _write_bundle(folder, files, list(wheels), make_zip):
        render.echo(str(path))
    target = folder / "autograder.zip" if make_zip else folder
    render.echo(f"Upload {target} as the autograder of a Gradescope programming assignment ({exercise.points} "
                f"points); students submit {fields['expected']}.")
