"""Exercise 13.25: speculative decoding with a 1-layer draft and a 4-layer target, `kata run 13.25`."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.25",
        title="Project: speculative decoding (1-layer draft, 4-layer target)",
        track="13",
        kind="project",
        framework="torch",
        points=15,
        package=__name__,
        after=("6.mini",),
        why_it_matters=(
            "Speculative decoding keeps the target model's output distribution exactly while calling it less "
            "often (Leviathan et al., 2023; Chen et al., 2023)."
        ),
        experiment=f"{__name__}.experiment:run",
        time_limit=180,
        hints=(
            "Write greedy_decode first: crop to the last model.block_size tokens, take the argmax of the last "
            "position's logits, append, repeat. speculative_decode must return exactly what it returns for the "
            "target, only with fewer target passes.",
            "One round: let the draft propose k' = min(k, tokens still needed - 1) tokens, one draft call each, "
            "appending every guess before the next call. Then call the target ONCE on the last target.block_size "
            "tokens of (sequence + proposals). Its logits at the last k'+1 positions are its own choice after "
            "each prefix: position -(k'+1) comes after the sequence, position -1 after all proposals.",
            "choices = logits[0, -(k'+1):].argmax(-1). The number accepted is the length of the agreeing prefix: "
            "(choices[:k'] == proposals).long().cumprod(0).sum(). Keep proposals[:accepted], then ONE token of "
            "the target's, choices[accepted] (a correction, or the bonus token when all k' agreed).",
            "Per round: target_calls += 1, draft_calls += k', proposed += k', accepted += accepted; the round "
            "added accepted + 1 tokens. acceptance_rate = accepted / proposed (0.0 when nothing was proposed). "
            "Never append the draft's token at the disagreement, and never call the target once per proposal.",
        ),
        mistakes=("draft token kept at the disagreement", "target called once per token", "bonus token dropped",
                  "context not cropped"),
    ))
