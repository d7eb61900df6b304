"""What `kata run 13.21` does: train the given GPT with each of the learner's positional modules.

Artifacts under the workspace's runs/ch13_21_positional_runs/: sinusoidal/ and learned/ (checkpoint.pt,
log.jsonl), comparison.md (the table) and curves.png (both runs overlaid).
"""

from __future__ import annotations

TITLE = "13.21: sinusoidal vs learned positions"


def run(learner, ctx):
    from kata.gpt import run_comparison

    variants = {"sinusoidal": {"positions": learner.SinusoidalPositionalEncoding},
                "learned": {"positions": learner.LearnedPositionalEmbedding}}
    return run_comparison(ctx, variants, TITLE)
