"""What `kata run 13.22` does: train the given GPT as it is, then with the learner's RMSNorm and SwiGLU.

Artifacts under the workspace's runs/ch13_22_rmsnorm_swiglu/: baseline/ and rmsnorm_swiglu/ (checkpoint.pt,
log.jsonl), comparison.md (the table) and curves.png (both runs overlaid).
"""

from __future__ import annotations

import math

TITLE = "13.22: LayerNorm + GELU MLP vs RMSNorm + SwiGLU"


def swiglu_hidden(n_embd: int) -> int:
    """About 8/3 n_embd (a multiple of 8): three matrices that hold what the GELU MLP's two 4x ones hold."""
    return 8 * math.ceil(8 * n_embd / 3 / 8)


def variants(learner) -> dict:
    """The parts of each run: the GPT as given, and every norm and feed-forward network swapped for the learner's."""
    def swiglu(n_embd: int):
        return learner.SwiGLU(n_embd, swiglu_hidden(n_embd))

    return {"baseline": {}, "rmsnorm_swiglu": {"norm": learner.RMSNorm, "ffn": swiglu}}


def run(learner, ctx):
    from kata.gpt import run_comparison

    return run_comparison(ctx, variants(learner), TITLE)
