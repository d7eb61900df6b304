"""The mutation baseline holds: no exercise's checks let through a mutant they used to kill.

The full measurement grades thousands of mutants and is a documented command, not part of the suite:

    kata verify --mutants IDS -j 2 --max-mutants 20              # compare with the baseline (exit 1 on a drop)
    kata verify --mutants IDS -j 2 --max-mutants 20 --update-baseline   # record new scores

Here, a few cheap exercises and a fixed seeded sample of their mutants (the ones the baseline counts as
killed) are graded for real, so a weakened check fails the suite. ``pytest -m mutants`` runs it alone.
"""

from __future__ import annotations

import pytest

from kata.mutants import baseline
from kata.mutants.generate import sample
from kata.mutants.score import MutantScore, Survivor, grade_mutants, mutants_of
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
