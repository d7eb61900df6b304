"""Public path kept for experiments and project checks; the code lives in kata.trainer.loop."""

from __future__ import annotations

from kata.trainer.loop import (Reporter, RunInterrupted, RunSettings, TrainResult, curves_digest, evaluate, get_batch,
                               lm_loss, pick_device, plot_curves, train)

__all__ = ["Reporter", "RunInterrupted", "RunSettings", "TrainResult", "curves_digest", "evaluate",
           "get_batch", "lm_loss", "pick_device", "plot_curves", "train"]
