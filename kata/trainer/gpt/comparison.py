"""The whole comparison experiment of 13.21 and 13.22: train the given GPT once per variant, then write the
table and the curves (what ``kata run`` runs)."""

from __future__ import annotations

from typing import Any

import torch

from kata.trainer.gpt.model import CONFIG, build_gpt, n_params
from kata.trainer.gpt.protocol import CURVES, EVAL, SHORT_STEPS, TABLE, TRAINING, reach_target, validation_loss, \
    verdict, write_table


def run_comparison(ctx: Any, variants: dict[str, dict], title: str) -> list[str]:
    """Train the GPT once per variant (the same data, seed and steps), then write the table and the curves.

    ``variants`` maps a run name to the parts given to :class:`GPT`. Every model is built and run on one
    batch before any training, so a learner's module that cannot work fails in seconds.
    """
    from kata.trainer.loop import get_batch, plot_curves, train

    corpus = ctx.corpus()
    config = {**CONFIG, "vocab_size": corpus.vocab.size}
    settings = ctx.settings(short_steps=SHORT_STEPS, block_size=config["block_size"], **TRAINING)
    train_ids, val_ids = corpus.ids("train"), corpus.ids("val")
    models = {name: build_gpt(config, settings.seed, **parts) for name, parts in variants.items()}
    probe, _ = get_batch(train_ids, config["block_size"], 2, torch.Generator().manual_seed(0))
    with torch.no_grad():
        for model in models.values():
            model(probe)
    meta = {"config": config, "corpus": corpus.source, "vocab": corpus.vocab.chars}
    results = {name: train(model, train_ids, val_ids, settings, ctx.run_dir(name), name=name,
                           meta={**meta, "variant": name}, fresh=ctx.fresh, reporter=ctx.reporter)
               for name, model in models.items()}
    histories = {name: result.history for name, result in results.items()}
    plot_curves(histories, ctx.root / CURVES, title)
    target, steps = reach_target(histories)
    rows = {name: {"parameters": n_params(model), "position_parameters": n_params(model.pos),
                   "first_loss": histories[name][0]["loss"], "steps_to_target": steps[name],
                   "val_loss": validation_loss(model, val_ids, config["block_size"])}
            for name, model in models.items()}
    first = {name: round(row["first_loss"], 4) for name, row in rows.items()}
    losses = {name: round(row["val_loss"], 4) for name, row in rows.items()}
    note = (f"Validation loss: mean cross-entropy in nats per character over {EVAL['batches']} batches of "
            f"{EVAL['batch']} windows of {config['block_size']} characters of held-out text (seed {EVAL['seed']}), "
            f"after {settings.steps} steps each. Training losses are smoothed over 100 steps.\n\n"
            + verdict(first, losses, steps, target))
    write_table(ctx.root / TABLE, title, rows, target, note)
    return [*(f"{name}: validation loss {row['val_loss']:.4f}, {row['parameters']:,} parameters, "
              f"{results[name].seconds:.0f} s" for name, row in rows.items()),
            verdict(first, losses, steps, target), f"Table: {ctx.root / TABLE}; curves: {ctx.root / CURVES}"]
