"""What the checks of 13.21 and 13.22 use: re-measure a saved run with the learner's classes, and hold the
table and the curves to the logs, so a table edited by hand or a model that peeks at later tokens fails."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kata.trainer.gpt.model import CONFIG, GPT, n_params
from kata.trainer.gpt.protocol import CURVES, TABLE, reach_target, read_log, read_table, validation_loss, verdict


def reevaluate(workspace: Path, exercise: Any, name: str, **parts: Any) -> dict:
    """Run ``name`` reloaded into the GPT built with the learner's ``parts`` and re-measured on held-out text."""
    from kata.checking.compare import CheckFailure
    from kata.trainer.projects import corpus_from_meta, load_run, rebuild, run_root

    state = load_run(workspace, exercise, name)
    meta = state.get("meta", {})
    config = meta.get("config", {})
    if config != {**CONFIG, "vocab_size": len(meta.get("vocab", ""))}:
        raise CheckFailure(f"the {name} run is not the given GPT ({config}); run `kata run {exercise.id} --fresh`")
    model = rebuild(lambda **c: GPT(**c, **parts), config, state, f"the {name} run")
    corpus = corpus_from_meta(meta["corpus"])
    if corpus.vocab.chars != meta["vocab"]:
        raise CheckFailure(f"the {name} run's vocabulary does not match its corpus: "
                           f"run `kata run {exercise.id} --fresh`")
    from kata.checking.model_probes import future_leak

    leak = future_leak(model, config["vocab_size"], config["block_size"])
    if leak > 1e-5:
        raise CheckFailure(f"the saved {name} model's loss does not count: built with your classes it is not causal "
                           f"(changing later tokens moved earlier positions' logits by up to {leak:.2e}), so it "
                           "sees the characters it predicts. Your modules must work on each position alone "
                           "(normalise over the last axis, never across positions)")
    try:
        loss = validation_loss(model, corpus.ids("val"), config["block_size"])
    except Exception as exc:
        raise CheckFailure(f"the saved {name} model, rebuilt from your classes, fails on validation data "
                           f"({type(exc).__name__}: {exc})") from None
    history = read_log(run_root(workspace, exercise) / name / "log.jsonl")
    return {"model": model, "settings": state["settings"], "loss": loss, "history": history}


def expect_table(root: Path, measured: dict[str, dict], exercise_id: str) -> None:
    """comparison.md states, for every run, what the check measured itself and what the logs say."""
    from kata.checking.compare import CheckFailure, check

    path = root / TABLE
    again = f"run `kata run {exercise_id}` again rather than editing the table"
    check(path.is_file(), f"the comparison table {path} is missing: run `kata run {exercise_id}`")
    rows = read_table(path)
    settings = {name: {k: m["settings"][k] for k in ("steps", "seed", "batch_size", "lr")}
                for name, m in measured.items()}
    check(len({json.dumps(s, sort_keys=True) for s in settings.values()}) == 1,
          f"the runs were not trained alike ({settings}): run `kata run {exercise_id} --fresh` for a fair comparison")
    target, steps = reach_target({name: m["history"] for name, m in measured.items()})
    column = f"steps to training loss {target:.2f}"
    for name, m in measured.items():
        row = rows.get(name)
        check(row is not None, f"{path.name} has no row for the {name} run: {again}")
        for needed in ("parameters", "first training loss", "validation loss", column):
            check(needed in row, f"{path.name} has no column '{needed}': {again}")
        model, loss = m["model"], m["loss"]
        try:
            shown = {k: float(v.replace(",", "")) for k, v in row.items() if k != "run"}
        except ValueError:
            raise CheckFailure(f"{path.name}'s row for {name} has a cell that is not a number: {again}") from None
        shown.setdefault("position parameters", 0)
        check(shown["parameters"] == n_params(model), f"{path.name} says the {name} model has "
              f"{row['parameters']} parameters; the rebuilt model has {n_params(model):,}")
        check(shown["position parameters"] == n_params(model.pos), f"{path.name} says the {name} positions have "
              f"{shown['position parameters']:,.0f} parameters; the rebuilt module has {n_params(model.pos):,}")
        check(abs(shown["validation loss"] - loss) <= 2e-3, f"{path.name} gives the {name} run a validation loss of "
              f"{row['validation loss']}; re-measured on the same held-out windows it is {loss:.4f}: {again}")
        check(abs(shown["first training loss"] - m["history"][0]["loss"]) <= 1e-4 and shown[column] == steps[name],
              f"{path.name}'s row for {name} does not match its log.jsonl: {again}")
    first = {name: float(rows[name]["first training loss"]) for name in measured}
    losses = {name: float(rows[name]["validation loss"]) for name in measured}
    check(verdict(first, losses, steps, target) in path.read_text(encoding="utf-8"),
          f"{path.name} does not state the verdict its own numbers support: {again}")


def expect_curves(root: Path, measured: dict[str, dict]) -> None:
    from kata.trainer.projects import expect_curve_png

    expect_curve_png(root / CURVES, {name: m["history"] for name, m in measured.items()})
