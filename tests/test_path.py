"""The recommended path: track order, declared prerequisites (built-in and packs), `kata next`, cycles refused."""

from __future__ import annotations

import pytest

from conftest import PACK_FILES, Kata
from kata.exercise import Exercise
from kata.state.path import TRACK_ORDER, PathError, learning_path
from kata.state.registry import load_registry

REGISTRY = load_registry(env={}, entry_points=False)
PATH = REGISTRY.path()
ORDER = [e.id for e in PATH.order]


def _ex(exercise_id: str, track: str = "ta", after: tuple[str, ...] = ()) -> Exercise:
    return Exercise(id=exercise_id, title=exercise_id, track=track, kind="concept", framework="python", points=1,
                    package="exercises.ta_01_attention_weights", hints=("h",), after=after)


def test_every_built_in_exercise_is_on_the_path_once_and_without_warnings():
    assert sorted(ORDER) == sorted(REGISTRY.exercises) and len(ORDER) == len(set(ORDER)) == 59
    assert PATH.warnings == []


def test_tracks_come_in_the_recommended_order():
    tracks = [REGISTRY.get(i).track for i in ORDER]
    firsts = [tracks.index(t) for t in TRACK_ORDER]
    lasts = [len(tracks) - 1 - tracks[::-1].index(t) for t in TRACK_ORDER]
    assert firsts == sorted(firsts) and all(last < first for last, first in zip(lasts, firsts[1:]))
    assert ORDER[0] == "ta.1" and ORDER[-1] == "13.32"


@pytest.mark.parametrize("exercise_id", ORDER)
def test_each_exercise_comes_after_its_prerequisites(exercise_id):
    ex = REGISTRY.get(exercise_id)
    for wanted in ex.after:
        assert wanted in REGISTRY.exercises, f"{exercise_id} names an unknown prerequisite {wanted}"
        assert ORDER.index(wanted) < ORDER.index(exercise_id)


def test_recurring_ideas_are_linked_by_prerequisites():
    after = {i: set(REGISTRY.get(i).after) for i in ORDER}
    assert "ta.6" in after["6.2"] and "6.7" in after["lab00.1"]  # LayerNorm
    assert "13.14" in after["13.23"] and "ta.8" in after["13.14"]  # KV cache
    assert "6.10" in after["13.16"] and "13.16" in after["13.27"]  # RoPE
    assert "6.3" in after["13.31"] and "ta.7" in after["6.3"]  # pre/post norm


def test_a_prerequisite_moves_an_exercise_later_and_a_pack_can_declare_one():
    exercises = [_ex("ta.1"), _ex("ta.2", after=("x.1",)), _ex("x.1", track="x")]
    assert [e.id for e in learning_path(exercises).order] == ["ta.1", "x.1", "ta.2"]


def test_an_unknown_prerequisite_is_a_warning_not_an_error():
    found = learning_path([_ex("ta.1", after=("zz.9",)), _ex("ta.2", after=("ta.2",))])
    assert [e.id for e in found.order] == ["ta.1", "ta.2"]
    assert any("'zz.9', which no loaded exercise has" in w for w in found.warnings)
    assert any("on itself" in w for w in found.warnings)


def test_a_cycle_is_refused_with_a_plain_message():
    with pytest.raises(PathError) as caught:
        learning_path([_ex("ta.1", after=("ta.3",)), _ex("ta.2"), _ex("ta.3", after=("ta.1",))])
    message = str(caught.value)
    assert "cycle" in message and "ta.1" in message and "ta.3" in message and "after=" in message


def test_a_single_string_prerequisite_is_accepted():
    assert _ex("ta.2", after="ta.1").after == ("ta.1",)


def test_next_starts_the_first_exercise_then_reports_it_in_progress(kata: Kata, workspace):
    first = kata.json("next")
    assert first["next"]["id"] == "ta.1" and first["next"]["started_now"] is True
    assert (workspace / REGISTRY.get("ta.1").filename).is_file()
    again = kata.json("next")
    assert again["next"]["id"] == "ta.1" and again["next"]["status"] == "in_progress"
    assert again["next"]["started_now"] is False and again["position"] == 1 and again["total"] == 59


def test_next_show_writes_nothing(kata: Kata, workspace):
    result = kata("next", "--show")
    assert result.exit_code == 0 and "ta.1" in result.output
    assert not (workspace / REGISTRY.get("ta.1").filename).exists()


def test_next_and_list_follow_the_path_after_a_pass(kata: Kata):
    ex = REGISTRY.get("ta.3")
    from kata.exercise import solution_text

    kata("start", "ta.3")
    path = kata.workspace / ex.filename
    path.write_text(solution_text(ex), encoding="utf-8")
    result = kata("check", "ta.3")
    assert result.exit_code == 0, result.output
    assert "Passed. Next: `kata start ta.4`" in result.output  # the path goes on after ta.3
    listed = [row["id"] for row in kata.json("list")]
    assert listed == ORDER
    nxt = kata.json("next", "--show")
    assert nxt["next"]["id"] == "ta.1" and nxt["done"] == 1  # the first open exercise on the path


def test_why_it_matters_is_shown_after_a_pass(kata: Kata):
    ex = REGISTRY.get("ta.8")
    assert ex.why_it_matters
    from kata.exercise import solution_text

    kata("start", "ta.8")
    (kata.workspace / ex.filename).write_text(solution_text(ex), encoding="utf-8")
    result = kata("check", "ta.8")
    assert result.exit_code == 0, result.output
    assert f"Why it matters: {ex.why_it_matters}" in result.output


def test_next_refuses_a_cycle_declared_by_a_pack(kata: Kata, packs):
    init = '''"""A pack whose two exercises need each other."""
from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    for me, other in (("cy.1", "cy.2"), ("cy.2", "cy.1")):
        register(Exercise(id=me, title="Loop " + me, track="cy", kind="implement", framework="python",
                          points=2, package=__name__, hints=("h",), after=(other,),
                          reference=__name__ + ".reference", checks=__name__ + ".checks"))
'''
    packs.add("kata-cyclepack", "cycle", "kata_cyclepack", init, PACK_FILES)
    result = kata("next")
    assert result.exit_code == 2
    assert "prerequisites form a cycle" in result.output and "Traceback" not in result.output
    listed = kata("list")  # list still works, in catalogue order, with the same plain warning
    assert listed.exit_code == 0 and "cy.1" in listed.output and "cycle" in listed.output


def test_a_pack_prerequisite_places_its_exercise_on_the_path(kata: Kata, packs):
    init = '''"""A pack exercise that builds on the built-in 6.7."""
from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(id="pk.1", title="After LayerNorm", track="pk", kind="implement", framework="python",
                      points=2, package=__name__, hints=("h",), after=("6.7",),
                      reference=__name__ + ".reference", checks=__name__ + ".checks"))
'''
    packs.add("kata-afterpack", "after", "kata_afterpack", init, PACK_FILES)
    rows = kata.json("list")
    ids = [r["id"] for r in rows]
    assert ids.index("pk.1") > ids.index("6.7") and ids[-1] == "pk.1"
    assert next(r for r in rows if r["id"] == "pk.1")["after"] == ["6.7"]
