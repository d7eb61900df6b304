"""Grade every mutant of an exercise with its real checks, then sort the ones no check killed.

Each mutant is written as a plain learner file (no known-mistakes section, so it imports nothing of
ours) and graded in the isolated grading process, exactly like a learner's file. *Killed* means the
grade was not a pass: a check failed, errored, or the run hit the time limit. A mutant that passes
is run beside the reference (:mod:`kata.mutants.probe`): if they agree to 1e-12 it is *equivalent*
and not counted, otherwise it is a *survivor*, reported with the input on which it differs.
The score is killed / (killed + survivors). A project's mutant is graded after its own short run
(:mod:`kata.mutants.projects`): its run failing kills it too.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from kata.exercise import Exercise
from kata.mutants.generate import Mutant, generate, sample
from kata.mutants.targets import learner_source, learner_targets

PROBE_LIMIT_S = 120.0


@dataclass
class Survivor:
    key: str
    line: int
    mutation: str
    input: str

    def to_json(self) -> dict:
        return {"key": self.key, "line": self.line, "mutation": self.mutation, "input": self.input}


@dataclass
class MutantScore:
    id: str
    kind: str
    mutants: int = 0
    killed: int = 0
    equivalent: int = 0
    survivors: list[Survivor] = field(default_factory=list)
    equivalent_keys: list[str] = field(default_factory=list)
    note: str = ""  # why it was not measured, when it was not
    file: str = ""
    runs: int = 0  # a project's mutants given a short run (the rest failed a check that reads no run)
    run_failures: dict[str, str] = field(default_factory=dict)  # a project's mutant key -> how its run failed

    @property
    def score(self) -> float | None:
        counted = self.killed + len(self.survivors)
        return round(self.killed / counted, 4) if counted else None

    def to_json(self) -> dict:
        data = {"id": self.id, "kind": self.kind, "mutants": self.mutants, "killed": self.killed,
                "equivalent": self.equivalent, "survivors": len(self.survivors), "score": self.score,
                "survivor_details": [s.to_json() for s in self.survivors]}
        if self.note:
            data["note"] = self.note
        if self.kind == "project" and self.mutants:
            data["runs"] = self.runs
            data["run_failures"] = self.run_failures
        return data


def _grade_files(exercise: Exercise, files: list[Path], time_limit: float, *, killing: bool = False) -> list[str]:
    """The one place that grades: the status of each file, from one pre-warmed batch child.
    ``killing``: only pass or not matters (mutants), so each grading stops at its first failure."""
    from kata.grading.runner import FIRST_FAILURE, Variant, grade_many

    variants = [Variant(file=f, stop_at=FIRST_FAILURE if killing else "") for f in files]
    return [r.status for r in grade_many(exercise, variants, time_limit=time_limit)]  # one child forks per file


def _probe(exercise: Exercise, reference: Path, mutants: list[tuple[Mutant, Path]], targets: list[str],
           folder: Path) -> dict[str, dict]:
    """Run the survivors beside the reference in a child process; one verdict per mutant key."""
    spec = {"reference": str(reference), "framework": exercise.framework, "rtol": exercise.accepts.rtol,
            "shapes": [list(shape) for shape in exercise.accepts.shapes], "ints": list(exercise.accepts.ints),
            "init": dict(exercise.accepts.init),
            "mutants": [{"key": m.key, "file": str(p), "targets": [m.target] * (m.target in targets) + [t for t in targets if t != m.target]}
                         for m, p in mutants]}
    spec_path = folder / "probe.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p), OMP_NUM_THREADS="1")
    try:
        done = subprocess.run([sys.executable, "-m", "kata.mutants.probe", str(spec_path)], capture_output=True,
                              text=True, timeout=PROBE_LIMIT_S, env=env, cwd=str(folder), stdin=subprocess.DEVNULL)
        lines = done.stdout.splitlines()
    except subprocess.TimeoutExpired as exc:
        lines = (exc.stdout or b"").decode("utf-8", "replace").splitlines() if isinstance(exc.stdout, bytes) \
            else (exc.stdout or "").splitlines()
    verdicts: dict[str, dict] = {}
    for line in lines:
        try:
            item = json.loads(line)
        except ValueError:
            continue
        verdicts[item["key"]] = item
    return verdicts


def _reference_text(exercise: Exercise) -> tuple[str, str]:
    spec = importlib.util.find_spec(exercise.reference)
    if spec is None or not spec.origin:
        raise FileNotFoundError(f"reference module {exercise.reference} not found")
    return spec.origin, Path(spec.origin).read_text(encoding="utf-8")


def mutants_of(exercise: Exercise) -> list[Mutant]:
    """Every mutant of the code the learner writes in the exercise's reference (a project's: its model code)."""
    _, text = _reference_text(exercise)
    return generate(exercise.stub(), text)


def score_exercise(exercise: Exercise, limit: int | None = None, seed: int = 0) -> MutantScore:
    """Generate, sample (``limit`` per exercise, seeded) and grade the exercise's mutants."""
    result = MutantScore(exercise.id, exercise.kind)
    try:
        mutants = sample(mutants_of(exercise), limit, seed)
    except FileNotFoundError as exc:
        result.note = f"not measured: {exc}"
        return result
    if not mutants:
        result.note = "no mutants: the stub leaves no code or answers to write"
        return result
    return grade_mutants(exercise, mutants)


def grade_mutants(exercise: Exercise, mutants: list[Mutant]) -> MutantScore:
    """Grade these mutants with the exercise's checks; compare the ones that pass with the reference."""
    result = MutantScore(exercise.id, exercise.kind)
    origin, reference_text = _reference_text(exercise)
    result.file = origin
    # A helper's mutant is compared through the functions the stub names (how the checks reach it), never
    # called on its own: inputs the solution never passes it (a branch for the pairing it did not declare)
    # would make a difference no learner's result shows.
    targets = [t.name for t in learner_targets(exercise.stub(), reference_text) if not t.helper]
    name = Path(exercise.filename).name
    with tempfile.TemporaryDirectory(prefix="kata-mutants-") as tmp:
        folder = Path(tmp)
        (folder / "reference").mkdir()
        plain = folder / "reference" / name
        plain.write_text(learner_source(reference_text), encoding="utf-8")
        if not exercise.experiment and _grade_files(exercise, [plain], float(exercise.time_limit))[0] != "pass":
            result.note = "not measured: the reference without its known-mistakes section does not pass"
            return result
        files = []
        for i, mutant in enumerate(mutants):
            (folder / str(i)).mkdir()
            files.append(folder / str(i) / name)
            files[-1].write_text(mutant.source, encoding="utf-8")
        if exercise.experiment:
            killed = _project_killed(exercise, result, plain, files, mutants, folder)
            if killed is None:
                return result
        else:
            killed = [s != "pass" for s in _grade_files(exercise, files, min(float(exercise.time_limit), 30.0),
                                                          killing=True)]
        result.mutants = len(mutants)
        alive = [(m, f) for m, f, dead in zip(mutants, files, killed) if not dead]
        result.killed = len(mutants) - len(alive)
        if exercise.accepts.any_answer:  # the checks alone decide what is right: a mutant they pass is right
            verdicts = {m.key: {"differs": False, "input": ""} for m, _ in alive}
        else:
            verdicts = _probe(exercise, plain, alive, targets, folder) if alive else {}
    for mutant, _ in alive:
        verdict = verdicts.get(mutant.key, {"differs": True, "input": "the comparison did not finish in time"})
        if verdict["differs"]:
            result.survivors.append(Survivor(mutant.key, mutant.line, mutant.description, verdict["input"]))
        else:
            result.equivalent += 1
            result.equivalent_keys.append(mutant.key)
    return result


def _project_killed(exercise: Exercise, result: MutantScore, plain: Path, files: list[Path],
                   mutants: list[Mutant], folder: Path) -> list[bool] | None:
    """A project's verdicts, each mutant after its short run (None, with the note, when it cannot be measured)."""
    from kata.mutants.projects import grade_project

    grading = grade_project(exercise, plain, files, folder)
    if grading.killed is None:
        result.note = grading.note
        return None
    result.runs = grading.runs
    result.run_failures = {mutants[i].key: why for i, why in (grading.failures or {}).items()}
    return grading.killed


def score_all(exercises: list[Exercise], jobs: int = 1, limit: int | None = None,
              seed: int = 0) -> list[MutantScore]:
    """Exercises in parallel (``jobs`` at once); each one's mutants in order, in its own grading children."""
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        return list(pool.map(lambda e: score_exercise(e, limit, seed), exercises))
