"""Exercise ta.9: the attention masks of decoder-only and encoder-only models, with padding."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="ta.9",
        title="Architecture masks: causal, bidirectional, padded",
        track="ta",
        kind="concept",
        framework="numpy",
        points=8,
        package=__name__,
        after=("ta.2",),
        why_it_matters=(
            "Batched generation pads on the left, so the causal mask alone is not enough there; Hugging Face "
            "models take an attention_mask for the padding."
        ),
        time_limit=30,
        hints=(
            "Build the (T, T) part first: causal is True strictly above the diagonal (np.triu with k=1), "
            "bidirectional hides nothing (all False). Refuse any other kind with ValueError.",
            "Padding hides keys, that is columns: `pad[b, j]` hides column j of every row of sequence b. Turn pad "
            "(B, T) into (B, 1, 1, T) with `pad[:, None, None, :]`; it then broadcasts against the (T, T) part.",
            "Combine with OR (hidden if either says so) and broadcast to the full shape: "
            "`np.broadcast_to(base | pad[:, None, None, :], (B, 1, T, T)).copy()`.",
        ),
        mistakes=("padding on the query axis", "padding ignored", "causal diagonal hidden", "causal for encoder-only",
                  "and instead of or", "unknown kind accepted"),
    ))
