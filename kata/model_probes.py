"""Public path kept for project checks; the code lives in kata.checking.model_probes and kata.checking.breakdown."""

from __future__ import annotations

from kata.checking.model_probes import (Anatomy, Call, anatomy, blocks_on_path, find_stack, future_leak, is_norm,
                                        logits_of, measured_heads, mixes_positions, trace)
from kata.checking.breakdown import PARTS, Breakdown, breakdown, breakdown_problem

__all__ = ["Anatomy", "Call", "anatomy", "blocks_on_path", "find_stack", "future_leak", "is_norm",
           "logits_of", "measured_heads", "mixes_positions", "trace", "PARTS", "Breakdown", "breakdown",
           "breakdown_problem"]
