"""The registry: catalogue order, lookups with suggestions, filters, duplicates; Exercise defaults."""

from __future__ import annotations

import random

import pytest

from kata.exercise import Exercise
from kata.state.plugins import BUILTIN
from kata.state.registry import Registry, UnknownExercise, load_registry, sort_key

PACKAGE = "exercises.stage6_07_layer_norm"


def _exercise(exercise_id: str, track: str | None = None, kind: str = "implement") -> Exercise:
    return Exercise(id=exercise_id, title=f"exercise {exercise_id}", track=track or exercise_id.split(".")[0],
                    kind=kind, framework="numpy", points=1, package=PACKAGE, hints=("h",))


def _registry(*ids: str, **kinds: str) -> Registry:
    registry = Registry()
    for exercise_id in ids:
        registry.add(_exercise(exercise_id, kind=kinds.get(exercise_id.replace(".", "_"), "implement")))
    return registry


CATALOGUE_ORDER = ["6.5", "6.7", "6.10", "6.11", "13.2", "13.10", "ta.1", "ta.2.1", "ta.2.10", "lab00.1", "zz.1"]


def test_ordered_follows_tracks_then_numbers_not_strings() -> None:
    shuffled = CATALOGUE_ORDER[:]
    random.Random(7).shuffle(shuffled)
    registry = _registry(*shuffled)
    assert [e.id for e in registry.ordered()] == CATALOGUE_ORDER


def test_sort_key_compares_numeric_parts_as_numbers() -> None:
    assert sorted(["6.10", "6.9", "6.1"], key=sort_key) == ["6.1", "6.9", "6.10"]
    assert sort_key("6.2a") > sort_key("6.2")  # a named part after the numbered ones
    assert sort_key("unknown.1") > sort_key("lab00.99")  # unknown tracks last


def test_get_returns_the_exercise() -> None:
    registry = _registry("6.7", "13.2")
    assert registry.get("6.7").id == "6.7"


def test_unknown_id_suggests_the_closest() -> None:
    registry = _registry("6.7", "13.2", "ta.1")
    with pytest.raises(UnknownExercise) as caught:
        registry.get("6.70")
    assert str(caught.value) == "Unknown exercise '6.70'. Did you mean 6.7?"
    assert caught.value.wanted == "6.70" and caught.value.suggestions == ["6.7"]
    assert isinstance(caught.value, LookupError)


def test_unknown_id_without_anything_close_points_to_list() -> None:
    with pytest.raises(UnknownExercise, match=r"^Unknown exercise 'banana'\. `kata list` shows them all\.$"):
        _registry("6.7", "13.2").get("banana")


def test_unknown_id_suggests_several() -> None:
    error = UnknownExercise("6.1", ["6.10", "6.11"])
    assert str(error) == "Unknown exercise '6.1'. Did you mean 6.10 or 6.11?"
    assert set(_registry("6.10", "6.11", "13.2").suggest("6.1")) == {"6.10", "6.11"}


def test_a_prefix_finds_its_exercises() -> None:
    assert set(_registry("lab00.1", "lab00.2", "6.7").suggest("lab00")) == {"lab00.1", "lab00.2"}


def test_the_real_registry_suggests_6_7_first() -> None:
    with pytest.raises(UnknownExercise, match=r"^Unknown exercise '6\.70'\. Did you mean 6\.7\b"):
        load_registry(env={}, entry_points=False).get("6.70")


def test_select_filters_by_ids_track_and_kind() -> None:
    registry = _registry("6.5", "6.7", "13.2", "13.4", "ta.1", **{"13_4": "concept", "ta_1": "concept"})
    assert [e.id for e in registry.select()] == ["6.5", "6.7", "13.2", "13.4", "ta.1"]
    assert [e.id for e in registry.select(track="13")] == ["13.2", "13.4"]
    assert [e.id for e in registry.select(kind="concept")] == ["13.4", "ta.1"]
    assert [e.id for e in registry.select(track="13", kind="concept")] == ["13.4"]
    assert [e.id for e in registry.select(["ta.1", "6.5"])] == ["ta.1", "6.5"]  # the order asked for
    assert registry.select(track="lab00") == []
    with pytest.raises(UnknownExercise, match="6.70"):
        registry.select(["6.7", "6.70"])


def test_duplicate_ids_keep_the_first_and_name_both_owners() -> None:
    registry = Registry()
    first, second = _exercise("6.7"), Exercise(id="6.7", title="impostor", track="6", kind="implement",
                                               framework="numpy", points=1, package=PACKAGE)
    registry.add(first, "builtin")
    registry.add(second, "mypack")
    assert registry.get("6.7") is first and registry.owner["6.7"] == "builtin"
    assert registry.duplicates == ["exercise id '6.7' is declared by both builtin and mypack; the second was ignored"]


def test_load_registry_collects_the_builtins() -> None:
    registry = load_registry(env={}, entry_points=False)
    assert registry.owner["6.7"] == BUILTIN
    assert "6.7" in registry.plugins.info[BUILTIN].exercises
    assert registry.duplicates == [] and registry.plugins.warnings == []
    ids = [e.id for e in registry.ordered()]
    assert ids == sorted(ids, key=sort_key)


def test_builtins_can_be_disabled() -> None:
    assert load_registry(env={"KATA_DISABLE_PLUGINS": "builtin"}, entry_points=False).exercises == {}


def test_exercise_defaults_follow_the_package_slug() -> None:
    exercise = _exercise("6.7", track="6")
    assert exercise.slug == "stage6_07_layer_norm"
    assert exercise.reference == "reference.stage6_07_layer_norm"
    assert exercise.checks == "checks.stage6_07_layer_norm"
    assert exercise.filename == "stage6/stage6_07_layer_norm.py"
    assert _exercise("ta.1").filename == "drills/stage6_07_layer_norm.py"
    assert _exercise("zz.1").folder == "zz"


def test_exercise_problems_name_what_is_wrong() -> None:
    good = load_registry(env={}, entry_points=False).get("6.7")
    assert good.problems() == []
    bad = Exercise(id="x.1", title=" ", track="x", kind="essay", framework="jax", points=0,
                   package="kata_no_such_package_anywhere")
    problems = " | ".join(bad.problems())
    for words in ("kind 'essay'", "framework 'jax'", "title is empty", "no hints", "points must be positive",
                  "statement.md cannot be read", "stub.py cannot be read"):
        assert words in problems
