"""The comparison protocol the experiment writes with and the checks re-measure with: the validation loss on
fixed held-out windows, the smoothed curves and the common target loss, the verdict sentence, and the markdown
table (written and read back). Imports torch only through :mod:`kata.trainer.loop`'s evaluation."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import torch
    from torch import nn

TRAINING = dict(steps=5000, batch_size=32, lr=2e-3, eval_every=500, checkpoint_every=500)
SHORT_STEPS = 100  # what `kata verify` trains: the reference is then near 2.55, well below the unigram 3.25
EVAL = dict(batch=32, batches=24, seed=2024)  # the validation protocol of the table and of the checks
TABLE = "comparison.md"
CURVES = "curves.png"


def validation_loss(model: nn.Module, val_ids: torch.Tensor, block_size: int) -> float:
    """Mean cross-entropy (nats per token) over the fixed held-out windows of :data:`EVAL`."""
    from kata.trainer.loop import evaluate

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
