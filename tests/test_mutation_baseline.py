"""The mutation baseline holds: no exercise's checks let through a mutant they used to kill.

The full measurement grades thousands of mutants and is a documented command, not part of the suite:

    kata verify --mutants IDS -j 2 --max-mutants 20              # compare with the baseline (exit 1 on a drop)
    kata verify --mutants IDS -j 2 --max-mutants 20 --update-baseline   # record new scores

Here, a few cheap exercises and a fixed seeded sample of their mutants (the ones the baseline counts as
killed) are graded for real, so a weakened check fails the suite. ``pytest -m mutants`` runs it alone.
A project's mutants are each given a training run, so here its grading is exercised with the runs and the
grader replaced (no training): where the mutants come from, and what kills them.
"""

from __future__ import annotations

import pytest

import importlib.util
from pathlib import Path

from kata.authoring import verify
from kata.grading.runner import GradeResult, Variant
from kata.mutants import baseline, projects
from kata.mutants.generate import sample
from kata.mutants.score import MutantScore, Survivor, grade_mutants, mutants_of
from kata.mutants.targets import learner_targets
from kata.state.registry import load_registry

CHEAP = ("13.13", "ta.5", "ta.2")
PER_EXERCISE = 4
SEED = 11


@pytest.fixture(scope="module")
def recorded() -> dict:
    return baseline.load()


def test_every_builtin_exercise_has_a_baseline_entry(recorded: dict) -> None:
    ids = {e.id for e in load_registry().select(())}
    missing = sorted(ids - set(recorded["exercises"]))
    assert not missing, f"no mutation baseline for {missing}: run `kata verify --mutants ... --update-baseline`"
    for exercise_id, entry in recorded["exercises"].items():
        assert entry.get("score") is not None or entry.get("note"), f"{exercise_id}: neither score nor note"


def test_a_drop_below_the_baseline_is_a_regression() -> None:
    data = {"exercises": {"x.1": {"score": 0.9, "max_mutants": 20}}}
    worse = MutantScore("x.1", "implement", mutants=10, killed=8,
                        survivors=[Survivor("3:k", 3, "k", "x"), Survivor("4:k", 4, "k", "x")])
    better = MutantScore("x.1", "implement", mutants=10, killed=10)
    assert baseline.regressions([worse], data, 20) and not baseline.regressions([better], data, 20)
    assert not baseline.regressions([worse], data, None)  # measured another way: not comparable


@pytest.mark.mutants
@pytest.mark.parametrize("exercise_id", CHEAP)
def test_sampled_mutants_the_baseline_counts_as_killed_are_still_killed(exercise_id: str, recorded: dict) -> None:
    entry = recorded["exercises"].get(exercise_id)
    assert entry and entry.get("score") is not None, f"{exercise_id} has no recorded mutation score"
    exercise = load_registry().select((exercise_id,))[0]
    spared = set(entry.get("not_killed", ()))
    every = mutants_of(exercise)
    assert entry["mutants"] >= len(every), f"{exercise_id}: the baseline was sampled; record it with every mutant"
    killed_before = [m for m in every if m.key not in spared]
    chosen = sample(killed_before, PER_EXERCISE, SEED)
    assert chosen, f"{exercise_id}: no mutants to grade"
    result = grade_mutants(exercise, chosen)
    assert not result.note, result.note
    assert not result.survivors, "\n".join(f"line {s.line}: {s.mutation} survives (differs on {s.input})"
                                           for s in result.survivors)
    assert result.killed == len(chosen), f"{result.equivalent} mutant(s) the checks killed now pass"


MODEL_CODE = {"13.22": {"RMSNorm.__init__", "RMSNorm.forward", "SwiGLU.__init__", "SwiGLU.forward"},
              "13.25": {"greedy_decode", "speculative_decode"}}


@pytest.mark.parametrize("exercise_id", ["6.mini", *MODEL_CODE])
def test_a_projects_mutants_come_from_its_model_code(exercise_id: str) -> None:
    exercise = load_registry().get(exercise_id)
    every = mutants_of(exercise)
    assert every, f"{exercise_id}: a project's model code gives no mutants"
    reference_text = Path(importlib.util.find_spec(exercise.reference).origin).read_text(encoding="utf-8")
    spans = {t.name: t for t in learner_targets(exercise.stub(), reference_text)}
    assert {t for t in spans if not spans[t].helper} >= MODEL_CODE.get(exercise_id, {"GPT.forward"})
    for m in every:  # only what the learner writes: never the given CONFIG, TRAINING or the experiment
        assert m.target in spans and spans[m.target].first_line <= m.line <= spans[m.target].last_line, m.key
    if exercise_id in MODEL_CODE:
        assert {m.target for m in every} == MODEL_CODE[exercise_id]


def _fake_grade(exercise, variants: list[Variant], time_limit=None) -> list[GradeResult]:
    """Mutant 0 fails a module check; the artifact check passes only after a run (whatever the run did)."""
    results = []
    for v in variants:
        ran = "runs" in v.workspace.parts
        module = "fail" if v.file.stem == "0" else "pass"
        checks = [{"name": "module", "status": module, "message": ""},
                  {"name": "artifacts", "status": "pass" if ran else "fail", "message": "run `kata run` first"}]
        results.append(GradeResult(exercise.id, "pass" if ran and module == "pass" else "fail", 1, 2, checks))
    return results


def test_a_projects_mutant_is_killed_by_a_module_check_without_a_run_or_by_its_failed_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    exercise = load_registry().get("13.22")
    ran: list[str] = []

    def fake_runs(exercise, runs, limit=verify.PROJECT_RUN_LIMIT_S):
        ran.extend(file.stem for _, file, _ in runs)
        return [({"workspace": ws, "short": True}, "RuntimeError: shape mismatch" if file.stem == "1" else "")
                for ws, file, _ in runs]

    monkeypatch.setattr(projects, "grade_many", _fake_grade)
    monkeypatch.setattr(verify, "project_runs", fake_runs)
    files = [tmp_path / f"{i}.py" for i in range(3)]
    grading = projects.grade_project(exercise, tmp_path / "reference.py", files, tmp_path)
    assert ran == ["reference", "1", "2"], "the mutant a module check killed was given a run"
    assert grading.killed == [True, True, False], "mutant 1's run failed: its checks passing does not save it"
    assert (grading.screened, grading.runs, grading.failures) == (1, 2, {1: "RuntimeError: shape mismatch"})
