"""The training loop behind `kata run`: deterministic on CPU, logged, checkpointed, resumable.

Project exercises hand a model (the learner's class) and data to :func:`train`. Every step
goes to ``log.jsonl`` in the run folder, a checkpoint is written atomically every
``checkpoint_every`` steps and on Ctrl-C, and a rerun continues from it with the same
random streams, so an interrupted run ends exactly where an uninterrupted one would.
Checks never trust these files' numbers: they reload the checkpoint and re-evaluate.
"""

from __future__ import annotations

import json
import math
import os
import sys
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

import torch
from torch.nn import functional as F


class RunInterrupted(Exception):
    """Ctrl-C during training; the checkpoint was saved first."""

    def __init__(self, step: int):
        super().__init__(f"interrupted at step {step}; the checkpoint is saved: run the same command to resume")
        self.step = step


@dataclass(frozen=True)
class RunSettings:
    steps: int = 2000
    batch_size: int = 32
    block_size: int = 64
    lr: float = 3e-3
    weight_decay: float = 0.01
    grad_clip: float = 1.0
    seed: int = 0
    device: str = "cpu"
    eval_every: int = 250
    eval_batches: int = 16
    checkpoint_every: int = 250

    def with_overrides(self, **overrides: Any) -> "RunSettings":
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


@dataclass
class TrainResult:
    name: str
    steps: int
    final_loss: float
    val_loss: float
    seconds: float
    log: Path
    checkpoint: Path
    history: list[dict] = field(default_factory=list)


def pick_device(choice: str | None) -> str:
    if choice in (None, "auto"):
        return "cuda" if torch.cuda.is_available() else "cpu"
    if choice == "cuda" and not torch.cuda.is_available():
        raise ValueError("--device cuda was asked for, but torch sees no CUDA device here")
    return choice


def get_batch(ids: torch.Tensor, block: int, batch: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """``batch`` random windows of ``block`` tokens and their next-token targets."""
    if len(ids) <= block + 1:
        raise ValueError(f"the data has {len(ids)} tokens, too few for one window of {block + 1}")
    starts = torch.randint(len(ids) - block - 1, (batch,), generator=generator)
    x = torch.stack([ids[s:s + block] for s in starts.tolist()])
    y = torch.stack([ids[s + 1:s + block + 1] for s in starts.tolist()])
    return x, y


def lm_loss(model: torch.nn.Module, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Cross-entropy of a model that maps token ids ``(B, T)`` to logits ``(B, T, V)``."""
    logits = model(x)
    if isinstance(logits, tuple):  # models written nanoGPT-style return (logits, loss)
        logits = logits[0]
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))


@torch.no_grad()
def evaluate(model: torch.nn.Module, ids: torch.Tensor, block: int, batch: int, batches: int, seed: int,
             loss_fn: Callable = lm_loss) -> float:
    """Mean loss over ``batches`` seeded random windows; the model's train/eval mode is restored."""
    was_training = model.training
    model.eval()
    generator = torch.Generator().manual_seed(seed)
    device = next(model.parameters()).device
    total = 0.0
    for _ in range(batches):
        x, y = get_batch(ids, block, batch, generator)
        total += float(loss_fn(model, x.to(device), y.to(device)))
    model.train(was_training)
    return total / batches


def _save(path: Path, state: dict) -> None:
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    torch.save(state, tmp)
    os.replace(tmp, path)


def _read_log(path: Path, upto: int) -> list[dict]:
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            row = json.loads(line)
        except ValueError:
            continue  # a line cut by a kill
        if row.get("step", 0) < upto:
            rows.append(row)
    return rows


def train(model: torch.nn.Module, train_ids: torch.Tensor, val_ids: torch.Tensor, settings: RunSettings,
          run_dir: Path, *, name: str = "model", meta: dict | None = None, fresh: bool = False,
          reporter: "Reporter | None" = None, loss_fn: Callable = lm_loss) -> TrainResult:
    """Train ``model`` (already built and seeded) and return what happened; resumes from ``run_dir``."""
    run_dir.mkdir(parents=True, exist_ok=True)
    checkpoint, log_path = run_dir / "checkpoint.pt", run_dir / "log.jsonl"
    device = settings.device
    model.to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=settings.lr, weight_decay=settings.weight_decay)
    generator = torch.Generator().manual_seed(settings.seed)
    start = 0
    if checkpoint.exists() and not fresh:
        state = torch.load(checkpoint, map_location=device, weights_only=False)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        generator.set_state(state["generator"])
        torch.set_rng_state(state["torch_rng"])
        start = int(state["step"])
    history = _read_log(log_path, start)
    log_path.write_text("".join(json.dumps(row) + "\n" for row in history), encoding="utf-8")

    def save(step: int) -> None:
        _save(checkpoint, {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "step": step,
                           "generator": generator.get_state(), "torch_rng": torch.get_rng_state(),
                           "settings": asdict(settings), "meta": meta or {}, "name": name})

    reporter = reporter or Reporter.for_terminal()
    reporter.begin(name, start, settings.steps)
    began = time.perf_counter()
    model.train()
    step, stepped, streams = start, False, (generator.get_state(), torch.get_rng_state())
    with log_path.open("a", encoding="utf-8") as log:
        try:
            for step in range(start, settings.steps):
                # what a resume needs if Ctrl-C lands before this step's update
                stepped, streams = False, (generator.get_state(), torch.get_rng_state())
                tick = time.perf_counter()
                x, y = get_batch(train_ids, settings.block_size, settings.batch_size, generator)
                loss = loss_fn(model, x.to(device), y.to(device))
                if not torch.isfinite(loss):
                    raise FloatingPointError(f"the loss became {float(loss)} at step {step}: lower the learning rate "
                                             "or look for a division by zero / log of 0 in the model")
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                grad_norm = float(torch.nn.utils.clip_grad_norm_(model.parameters(), settings.grad_clip))
                optimizer.step()
                stepped = True
                row = {"step": step, "loss": round(loss.item(), 6), "grad_norm": round(grad_norm, 6),
                       "tokens_per_s": round(x.numel() / max(time.perf_counter() - tick, 1e-9), 1)}
                last = step + 1 == settings.steps
                if (step + 1) % settings.eval_every == 0 or last:
                    row["val_loss"] = round(evaluate(model, val_ids, settings.block_size, settings.batch_size,
                                                     settings.eval_batches, settings.seed + 1, loss_fn), 6)
                log.write(json.dumps(row) + "\n")
                history.append(row)
                reporter.step(row)
                if (step + 1) % settings.checkpoint_every == 0 and not last:
                    log.flush()
                    save(step + 1)
        except KeyboardInterrupt:
            # Save exactly the state an uninterrupted run had after its last finished update, so the
            # resumed run draws the same batches and ends where the uninterrupted one would have.
            if stepped and (not history or history[-1]["step"] != step):
                row = {"step": step, "loss": round(loss.item(), 6), "grad_norm": round(grad_norm, 6),
                       "tokens_per_s": 0.0}
                log.write(json.dumps(row) + "\n")
                history.append(row)
            if not stepped:
                generator.set_state(streams[0])
                torch.set_rng_state(streams[1])
            log.flush()
            done = step + 1 if stepped else step
            save(done)
            reporter.end()
            raise RunInterrupted(done) from None
    save(settings.steps)
    reporter.end()
    vals = [row["val_loss"] for row in history if "val_loss" in row]
    return TrainResult(name, settings.steps, history[-1]["loss"] if history else math.nan,
                       vals[-1] if vals else math.nan, time.perf_counter() - began, log_path, checkpoint, history)


class Reporter:
    """Progress of a run: a Rich bar on a terminal, a line every few hundred steps otherwise."""

    def __init__(self, rich: bool, every: int = 200):
        self.rich, self.every = rich, every
        self._progress = self._task = None
        self.name = ""

    @classmethod
    def for_terminal(cls) -> "Reporter":
        return cls(sys.stdout.isatty() and not os.environ.get("KATA_PLAIN"))

    @classmethod
    def silent(cls) -> "Reporter":
        return cls(False, every=0)

    def begin(self, name: str, start: int, total: int) -> None:
        self.name = name
        if start:
            self.say(f"{name}: resuming at step {start} of {total}")
        if self.rich:
            from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

            self._progress = Progress(TextColumn("{task.description}"), BarColumn(),
                                      TextColumn("step {task.completed}/{task.total}"),
                                      TextColumn("loss {task.fields[loss]}"), TextColumn("{task.fields[speed]} tok/s"),
                                      TimeRemainingColumn())
            self._progress.start()
            self._task = self._progress.add_task(name, total=total, completed=start, loss="-", speed="-")

    def step(self, row: dict) -> None:
        if self._progress is not None:
            self._progress.update(self._task, completed=row["step"] + 1, loss=f"{row['loss']:.3f}",
                                  speed=f"{row['tokens_per_s']:.0f}")
        elif self.every and ((row["step"] + 1) % self.every == 0 or "val_loss" in row):
            val = f", val loss {row['val_loss']:.3f}" if "val_loss" in row else ""
            self.say(f"{self.name}: step {row['step'] + 1}, loss {row['loss']:.3f}{val}, "
                     f"{row['tokens_per_s']:.0f} tokens/s")

    def end(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def say(self, text: str) -> None:
        if self.every or self.rich:
            print(text, flush=True)


def plot_curves(runs: dict[str, list[dict]], path: Path, title: str) -> Path:
    """Training (smoothed) and validation loss of one or more runs in one PNG.

    The PNG's metadata carries the SHA-256 of each run's log, so a check can tell it was drawn
    from those logs.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 5), dpi=100)
    for name, history in runs.items():
        steps = [row["step"] for row in history]
        losses = [row["loss"] for row in history]
        window = max(1, len(losses) // 50)
        smooth = [sum(losses[max(0, i - window + 1):i + 1]) / len(losses[max(0, i - window + 1):i + 1])
                  for i in range(len(losses))]
        line, = ax.plot(steps, smooth, label=f"{name} (train)")
        val = [(row["step"], row["val_loss"]) for row in history if "val_loss" in row]
        if val:
            ax.plot(*zip(*val), "o--", color=line.get_color(), label=f"{name} (validation)")
    ax.set_xlabel("step")
    ax.set_ylabel("loss (nats per token)")
    ax.set_title(title)
    ax.legend()
    ax.grid(alpha=0.3)
    fig.savefig(path, metadata={"Description": f"kata-curves sha256={curves_digest(runs)}"})
    plt.close(fig)
    return path


def curves_digest(runs: dict[str, list[dict]]) -> str:
    """What a loss-curve PNG records about the logs it was drawn from."""
    import hashlib

    return hashlib.sha256(json.dumps(runs, sort_keys=True).encode()).hexdigest()
