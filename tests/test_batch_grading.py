"""Grading many variants from one pre-warmed child (kata.grading.batch) gives the verdicts `kata check` gives.

Every broken learner file of test_broken_learner_files goes through one batch, between the reference graded
twice: each variant gets its own verdict and message, and nothing one variant does (hang, die, exhaust memory,
patch numpy) reaches the next one. `kata verify` relies on this for its speed.
"""

from __future__ import annotations

from pathlib import Path

from kata.authoring.verify import _Planned, _groups, _judge, _project_run
from kata.exercise import Exercise
from kata.grading.runner import Variant, grade, grade_batch, grade_many
from kata.state.registry import load_registry

from test_broken_learner_files import CASES, TIME_LIMIT, _first_report

TAMPERING = "import numpy\nnumpy.allclose = lambda *a, **k: True\n"


def test_a_batch_gives_each_variant_its_own_verdict(tmp_path: Path, layer_norm: Exercise, reference_source: str,
                                                    stub_source: str) -> None:
    files = {"reference first": reference_source, "tampering": TAMPERING + reference_source,
             **{name: case.build(reference_source, stub_source) for name, case in CASES.items()},
             "reference last": reference_source}
    paths = []
    for index, (name, source) in enumerate(files.items()):
        folder = tmp_path / f"learner-{index}"
        folder.mkdir()
        paths.append(folder / "stage6_07_layer_norm.py")
        paths[-1].write_text(source, encoding="utf-8")
    results = dict(zip(files, grade_many(layer_norm, [Variant(file=p) for p in paths], time_limit=float(TIME_LIMIT))))

    for name in ("reference first", "reference last"):
        assert (results[name].status, results[name].score) == ("pass", layer_norm.points), results[name]
    assert results["tampering"].status == "error" and "numpy.allclose" in results["tampering"].message
    for name, case in CASES.items():
        result = results[name]
        assert result.exit_code == case.exit_code, (name, result)
        report = _first_report(result.to_json())
        for fragment in case.says:
            assert fragment in report, f"{name}: {fragment!r} not in:\n{report}"


def test_a_batch_of_mistakes_matches_grading_them_one_at_a_time(layer_norm: Exercise) -> None:
    names = layer_norm.mistakes[:2]
    batch = grade_many(layer_norm, [Variant(mistake=name) for name in names])
    alone = [grade(layer_norm, mistake=name) for name in names]
    for together, single in zip(batch, alone):
        assert together.status == single.status == "fail"
        assert [c["message"] for c in together.checks] == [c["message"] for c in single.checks]


def test_a_batch_of_several_exercises_matches_grading_each_alone(layer_norm: Exercise) -> None:
    """verify grades a few exercises per batch: each variant's verdict is the one its own exercise's batch gives."""
    registry = load_registry(env={}, entry_points=False)
    flops, mask = registry.get("13.13"), registry.get("ta.2")
    items = [(layer_norm, Variant(mistake=layer_norm.mistakes[0])), (flops, Variant(mistake=flops.mistakes[0])),
             (mask, Variant(mistake=mask.mistakes[0])), (layer_norm, Variant(mistake=layer_norm.mistakes[1]))]
    mixed = grade_batch(items)
    for (exercise, variant), together in zip(items, mixed):
        single = grade_many(exercise, [variant])[0]
        assert together.id == exercise.id and together.status == single.status == "fail", (together, single)
        assert [c["message"] for c in together.checks] == [c["message"] for c in single.checks]


def test_verify_spreads_exercises_over_a_few_balanced_batches_with_torch_last() -> None:
    registry = load_registry(env={}, entry_points=False)
    plain = [(e, Path(), Path()) for e in registry.ordered() if not e.experiment]
    groups = _groups(plain, jobs=2)
    assert 2 <= len(groups) <= 6 and sorted(e.id for g in groups for e, _, _ in g) == sorted(e.id for e, _, _ in plain)
    for group in groups:
        torch_flags = [e.framework == "torch" for e, _, _ in group]
        assert torch_flags == sorted(torch_flags), "a numpy exercise forked after torch was imported"
    sizes = [sum(2 + len(e.mistakes) for e, _, _ in g) for g in groups]
    assert max(sizes) <= 2 * min(sizes), sizes
    assert _groups(plain[:1], jobs=2) == [plain[:1]]


def test_verify_names_the_cause_when_a_projects_run_fails(tmp_path: Path) -> None:
    exercise = load_registry(env={}, entry_points=False).get("6.mini")
    learner = tmp_path / "broken.py"
    learner.write_text("import kata_no_such_module_anywhere\n", encoding="utf-8")
    keywords, failure = _project_run(exercise, tmp_path / "run", file=learner)
    assert keywords["short"] is True
    assert "ModuleNotFoundError" in failure and "kata_no_such_module_anywhere" in failure, failure
    planned = _Planned("reference", Variant(file=learner, **keywords), failure)
    problems = _judge(exercise, planned, grade(exercise, file=learner, **keywords))
    assert len(problems) == 1 and "kata run 6.mini --short failed: " in problems[0], problems
    assert "kata_no_such_module_anywhere" in problems[0]


def test_every_tampering_of_the_corpus_is_caught_in_a_batch(tmp_path: Path, layer_norm: Exercise,
                                                            reference_source: str) -> None:
    """The batch child works out the guard's snapshot before it forks (kata.grading.snapshot.prepare), and each
    variant reuses the parts nothing changed: every tampering of test_tamper is still an error there, between
    honest references that still pass."""
    from test_tamper import TAMPERING as CORPUS
    from test_tamper import _file_for

    files = {"reference first": reference_source,
             **{name: _file_for(name, reference_source) for name in CORPUS},
             "reference last": reference_source}
    paths = []
    for index, source in enumerate(files.values()):
        folder = tmp_path / f"learner-{index}" / ".kata"
        folder.mkdir(parents=True)  # a workspace: "open the progress store" needs its folder
        paths.append(folder.parent / "stage6_07_layer_norm.py")
        paths[-1].write_text(source, encoding="utf-8")
    results = dict(zip(files, grade_many(layer_norm, [Variant(file=p, workspace=p.parent) for p in paths])))
    for name in ("reference first", "reference last"):
        assert (results[name].status, results[name].score) == ("pass", layer_norm.points), results[name]
    # that attack reads the single child's argv; a batch grandchild's names the batch's list, and it errs there
    single_child_only = {"overwrite the result file"}
    wrong = {name: results[name].message for name, (_, says) in CORPUS.items()
             if results[name].status != "error" or (says not in results[name].message and name not in single_child_only)}
    assert wrong == {}


def test_a_prepared_snapshot_part_is_reused_only_while_nothing_changed(monkeypatch) -> None:
    import sys
    import types

    from kata.grading import snapshot

    module = types.ModuleType("kata_snapshot_demo")
    thing = type("Thing", (), {"__module__": module.__name__, "method": lambda self: 1})
    module.Thing, module.f = thing, (lambda: 1)
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(snapshot, "_parts", {})
    snapshot.prepare()
    first = snapshot._part(module.__name__, module)
    assert snapshot._part(module.__name__, module) is first  # nothing changed: reused

    def fresh() -> tuple:
        kept = dict(snapshot._parts)
        snapshot._parts.clear()
        try:
            return snapshot._part(module.__name__, module)
        finally:
            snapshot._parts.update(kept)

    changes = [lambda: setattr(module, "g", lambda: 2),  # a name added
               lambda: setattr(module, "f", lambda: 3),  # a name rebound, the count unchanged
               lambda: setattr(thing, "method", lambda self: 4),  # a class's own namespace
               lambda: (setattr(module, "h", module.g), delattr(module, "g"))]  # another name, the same objects
    previous = first
    for change in changes:
        change()
        part = snapshot._part(module.__name__, module)
        assert part is not previous
        expected = fresh()
        assert [e[:5] for e in part[1]] == [e[:5] for e in expected[1]] and part[2:] == expected[2:]
        previous = part


def test_verify_stops_a_variants_grading_once_it_has_the_failure_it_needs(layer_norm: Exercise,
                                                                         tmp_path: Path) -> None:
    """A mistake's grading stops at the first failure that names it, the stub's at its first failure: what verify
    judges is there (a fail, the name), the checks after it are left out, and a full grading is unchanged."""
    from kata.grading.runner import FIRST_FAILURE

    name = layer_norm.mistakes[0]
    full, stopped = grade_many(layer_norm, [Variant(mistake=name), Variant(mistake=name, stop_at=name)])
    assert full.status == stopped.status == "fail"
    assert len(stopped.checks) < len(full.checks)
    assert f"known mistake ({name})" in stopped.checks[-1]["message"]
    assert [c["status"] for c in stopped.checks[:-1]] == ["pass"] * (len(stopped.checks) - 1)
    assert [c["name"] for c in stopped.checks] == [c["name"] for c in full.checks][:len(stopped.checks)]
    stub = tmp_path / "stub.py"
    stub.write_text(layer_norm.stub(), encoding="utf-8")
    (result,) = grade_many(layer_norm, [Variant(file=stub, stop_at=FIRST_FAILURE)])
    assert result.status == "fail" and [c["status"] for c in result.checks][-1] == "fail"
    assert sum(c["status"] != "pass" for c in result.checks) == 1
