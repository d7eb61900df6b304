"""The given GPT of chapter 13 (§13.10) with swappable parts, and what the comparison projects share.

Exercises 13.21 and 13.22 plug the learner's modules into one small decoder-only transformer
(pre-norm blocks of causal self-attention and a feed-forward network) and train it twice with
:func:`kata.trainer.loop.train`. Its positional module, its norms and its feed-forward networks are
constructor arguments, each a class (or any callable) that builds the part:

    model = build_gpt(config, positions=learner.LearnedPositionalEmbedding)   # 13.21
    model = build_gpt(config, norm=learner.RMSNorm, ffn=swiglu_factory)       # 13.22

:func:`run_comparison` is the whole experiment (two or more runs, one table, one PNG of the curves);
:func:`validation_loss`, :func:`read_table`, :func:`reach_target` and :func:`verdict` are the protocol
that the experiment writes with and the checks re-measure with, so the two can only agree when the
saved models really are that good. Imported only by those projects (it imports torch).

The parts are one module each: :mod:`.model` (the GPT), :mod:`.protocol` (the shared measurements and the
table), :mod:`.comparison` (the experiment), :mod:`.remeasure` (what the checks call); every name is importable
from ``kata.gpt`` (the public path) as before. Part of the training stack (:mod:`kata.trainer`): it may import torch
and the engine's project helpers (:mod:`kata.trainer.loop`, :mod:`kata.trainer.projects`, :mod:`kata.parts`,
:mod:`kata.checking.compare`, :mod:`kata.checking.model_probes`), never the verbs, the grading machinery, the
exercises or the checks.
"""

from __future__ import annotations

from kata.trainer.gpt.comparison import run_comparison
from kata.trainer.gpt.model import CONFIG, GPT, MLP, Block, CausalSelfAttention, SinusoidalTable, build_gpt, n_params
from kata.trainer.gpt.protocol import (CURVES, EVAL, SHORT_STEPS, TABLE, TRAINING, reach_target, read_log, read_table,
                               smoothed, validation_loss, verdict, write_table)
from kata.trainer.gpt.remeasure import expect_curves, expect_table, reevaluate

__all__ = ["CONFIG", "CURVES", "EVAL", "GPT", "MLP", "SHORT_STEPS", "TABLE", "TRAINING", "Block",
           "CausalSelfAttention", "SinusoidalTable", "build_gpt", "expect_curves", "expect_table", "n_params",
           "reach_target", "read_log", "read_table", "reevaluate", "run_comparison", "smoothed", "validation_loss",
           "verdict", "write_table"]
