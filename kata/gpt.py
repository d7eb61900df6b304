"""The given GPT of chapter 13 (§13.10) with swappable parts, and what the comparison projects share.

Exercises 13.21 and 13.22 plug the learner's modules into one small decoder-only transformer
(pre-norm blocks of causal self-attention and a feed-forward network) and train it twice with
:func:`kata.training.train`. Its positional module, its norms and its feed-forward networks are
constructor arguments, each a class (or any callable) that builds the part:

    model = build_gpt(config, positions=learner.LearnedPositionalEmbedding)   # 13.21
    model = build_gpt(config, norm=learner.RMSNorm, ffn=swiglu_factory)       # 13.22

:func:`run_comparison` is the whole experiment (two or more runs, one table, one PNG of the curves);
:func:`validation_loss`, :func:`read_table`, :func:`reach_target` and :func:`verdict` are the protocol
that the experiment writes with and the checks re-measure with, so the two can only agree when the
saved models really are that good. Imported only by those projects (it imports torch).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Callable

import torch
from torch import nn
from torch.nn import functional as F

CONFIG = dict(n_layer=2, n_head=4, n_embd=64, block_size=64)  # small enough for 5000 CPU steps in minutes
TRAINING = dict(steps=5000, batch_size=32, lr=2e-3, eval_every=500, checkpoint_every=500)
SHORT_STEPS = 100  # what `kata verify` trains: the reference is then near 2.55, well below the unigram 3.25
EVAL = dict(batch=32, batches=24, seed=2024)  # the validation protocol of the table and of the checks
TABLE = "comparison.md"
CURVES = "curves.png"


class SinusoidalTable(nn.Module):
    """The book's fixed sinusoidal positions (the engine's NumPy table), added to x: the GPT's default."""

    def __init__(self, block_size: int, n_embd: int):
        super().__init__()
        from kata.parts import PositionalEncoding

        table = torch.tensor(PositionalEncoding(block_size, n_embd).pe, dtype=torch.get_default_dtype())
        self.register_buffer("pe", table, persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.pe[: x.shape[1]]


class CausalSelfAttention(nn.Module):
    """Multi-head causal self-attention: one projection for q, k, v, one after the heads."""

    def __init__(self, n_embd: int, n_head: int):
        super().__init__()
        if n_embd % n_head:
            raise ValueError(f"n_embd={n_embd} is not divisible by n_head={n_head}")
        self.n_head = n_head
        self.qkv = nn.Linear(n_embd, 3 * n_embd)
        self.proj = nn.Linear(n_embd, n_embd)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        B, T, C = x.shape
        q, k, v = (t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) for t in self.qkv(x).split(C, dim=2))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        return self.proj(y.transpose(1, 2).reshape(B, T, C))


class MLP(nn.Module):
    """The GELU feed-forward network of GPT-2: n_embd -> 4 n_embd -> n_embd."""

    def __init__(self, n_embd: int):
        super().__init__()
        self.fc = nn.Linear(n_embd, 4 * n_embd)
        self.proj = nn.Linear(4 * n_embd, n_embd)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.proj(F.gelu(self.fc(x)))


class Block(nn.Module):
    """Pre-norm: x + attn(norm(x)), then x + ffn(norm(x))."""

    def __init__(self, n_embd: int, n_head: int, norm: Callable, ffn: Callable):
        super().__init__()
        self.ln1, self.attn = norm(n_embd), CausalSelfAttention(n_embd, n_head)
        self.ln2, self.mlp = norm(n_embd), ffn(n_embd)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.attn(self.ln1(x))
        return x + self.mlp(self.ln2(x))


class GPT(nn.Module):
    """Token ids (B, T) -> logits (B, T, vocab_size). ``positions(block_size, n_embd)`` builds the module that
    adds positions to the token embeddings, ``norm(dim)`` each norm, ``ffn(n_embd)`` each feed-forward network."""

    def __init__(self, vocab_size: int, block_size: int, n_layer: int, n_head: int, n_embd: int, *,
                 positions: Callable | None = None, norm: Callable | None = None, ffn: Callable | None = None):
        super().__init__()
        norm, ffn = norm or nn.LayerNorm, ffn or MLP
        self.block_size = block_size
        self.tok_emb = nn.Embedding(vocab_size, n_embd)
        self.blocks = nn.ModuleList(Block(n_embd, n_head, norm, ffn) for _ in range(n_layer))
        self.ln_f = norm(n_embd)
        self.head = nn.Linear(n_embd, vocab_size)
        self.apply(_init_weights)  # before the positional module: its initialisation is the learner's own
        self.pos = (positions or SinusoidalTable)(block_size, n_embd)

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        T = idx.shape[1]
        if T > self.block_size:
            raise ValueError(f"the sequence has {T} tokens; this GPT's context is block_size={self.block_size}")
        x = self.pos(self.tok_emb(idx))
        for block in self.blocks:
            x = block(x)
        return self.head(self.ln_f(x))


def _init_weights(module: nn.Module) -> None:
    """GPT-2's small linear weights; token embeddings keep PyTorch's N(0, 1), on the scale of a sinusoidal table."""
    if isinstance(module, nn.Linear):
        nn.init.normal_(module.weight, std=0.02)
        if module.bias is not None:
            nn.init.zeros_(module.bias)


def build_gpt(config: dict, seed: int = 0, **parts: Any) -> GPT:
    """The GPT of ``config`` (vocab_size, block_size, n_layer, n_head, n_embd) with ``parts``, seeded."""
    torch.manual_seed(seed)
    return GPT(**config, **parts)


def n_params(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def validation_loss(model: nn.Module, val_ids: torch.Tensor, block_size: int) -> float:
    """Mean cross-entropy (nats per token) over the fixed held-out windows of :data:`EVAL`."""
    from kata.training import evaluate

    return evaluate(model, val_ids, block_size, EVAL["batch"], EVAL["batches"], EVAL["seed"])


def smoothed(history: list[dict], window: int = 100) -> list[float]:
    losses = [row["loss"] for row in history]
    total, out = 0.0, []
    for i, loss in enumerate(losses):
        total += loss - (losses[i - window] if i >= window else 0.0)
        out.append(total / min(i + 1, window))
    return out


def reach_target(histories: dict[str, list[dict]]) -> tuple[float, dict[str, int]]:
    """A training loss every run reached (the worst final smoothed loss, plus 0.05) and the first step each did."""
    curves = {name: smoothed(h) for name, h in histories.items()}
    target = math.ceil((max(c[-1] for c in curves.values()) + 0.05) * 100) / 100
    steps = {name: next(h[i]["step"] + 1 for i, v in enumerate(c) if v <= target)
             for (name, c), h in zip(curves.items(), histories.values())}
    return target, steps


def verdict(first: dict[str, float], losses: dict[str, float], steps: dict[str, int], target: float) -> str:
    """Did each run train, which ended lower, which got to the common training loss first: from the table's numbers.

    A run "trained" when its validation loss ended at least 0.5 nats below its first training loss.
    """
    trained = [name for name in losses if losses[name] < first[name] - 0.5]
    lower = min(losses, key=losses.get)
    faster = min(steps, key=steps.get)
    shown = " vs ".join(f"{name} {losses[name]:.4f}" for name in losses)
    when = " vs ".join(f"{name} step {steps[name]}" for name in steps)
    untrained = [name for name in losses if name not in trained]
    trains = "Every run trained" if not untrained else f"Did not train: {', '.join(untrained)}"
    return (f"{trains} (validation loss at least 0.5 below the first training loss). "
            f"Lower validation loss: {lower} ({shown}). First to a training loss of {target:.2f}: {faster} ({when}).")


def write_table(path: Path, title: str, rows: dict[str, dict], target: float, note: str) -> str:
    """The markdown table; the position-parameter column only when some run learns its positions."""
    positions = any(row["position_parameters"] for row in rows.values())
    columns = ["run", "parameters", *(["position parameters"] if positions else []), "first training loss",
               "validation loss", f"steps to training loss {target:.2f}"]
    lines = [f"# {title}", "", "| " + " | ".join(columns) + " |", "|---" + "|---:" * (len(columns) - 1) + "|"]
    for name, row in rows.items():
        cells = [name, f"{row['parameters']:,}", *([f"{row['position_parameters']:,}"] if positions else []),
                 f"{row['first_loss']:.4f}", f"{row['val_loss']:.4f}", str(row["steps_to_target"])]
        lines.append("| " + " | ".join(cells) + " |")
    text = "\n".join(lines) + "\n\n" + note + "\n"
    path.write_text(text, encoding="utf-8")
    return text


def read_table(path: Path) -> dict[str, dict[str, str]]:
    """The rows of a comparison table as ``{run: {column: text}}`` (what a check compares with its own numbers)."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip().startswith("|")]
    if len(lines) < 3:
        return {}
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    rows = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == len(header):
            rows[cells[0]] = dict(zip(header, cells))
    return rows


def read_log(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run_comparison(ctx: Any, variants: dict[str, dict], title: str) -> list[str]:
    """Train the GPT once per variant (the same data, seed and steps), then write the table and the curves.

    ``variants`` maps a run name to the parts given to :class:`GPT`. Every model is built and run on one
    batch before any training, so a learner's module that cannot work fails in seconds.
    """
    from kata.training import get_batch, plot_curves, train

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


# ---- what the checks use: re-measure a saved run, hold the table and the curves to the logs -------------

def reevaluate(workspace: Path, exercise: Any, name: str, **parts: Any) -> dict:
    """Run ``name`` reloaded into the GPT built with the learner's ``parts`` and re-measured on held-out text."""
    from kata.compare import CheckFailure
    from kata.projects import corpus_from_meta, load_run, rebuild, run_root

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
    from kata.model_probes import future_leak

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
    from kata.compare import CheckFailure, check

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
    from kata.projects import expect_curve_png

    expect_curve_png(root / CURVES, {name: m["history"] for name, m in measured.items()})
