"""Public path kept for experiments and project checks; the code lives in kata.trainer.gpt."""

from __future__ import annotations

from kata.trainer.gpt import (CONFIG, CURVES, EVAL, GPT, MLP, SHORT_STEPS, TABLE, TRAINING, Block, CausalSelfAttention,
                              SinusoidalTable, build_gpt, expect_curves, expect_table, n_params, reach_target, read_log,
                              read_table, reevaluate, run_comparison, smoothed, validation_loss, verdict, write_table)

__all__ = ["CONFIG", "CURVES", "EVAL", "GPT", "MLP", "SHORT_STEPS", "TABLE", "TRAINING", "Block",
           "CausalSelfAttention", "SinusoidalTable", "build_gpt", "expect_curves", "expect_table",
           "n_params", "reach_target", "read_log", "read_table", "reevaluate", "run_comparison", "smoothed",
           "validation_loss", "verdict", "write_table"]
