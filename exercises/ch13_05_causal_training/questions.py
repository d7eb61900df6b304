"""The choice question of 13.5 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="ONE_PASS",
        question="A decoder generates one token at a time. Why can it still be trained on a whole sequence "
                 "in a single forward pass?",
        options={
            "a": "With the causal mask, output row t depends only on tokens 0..t, as at generation step t; "
                 "training knows the whole true sequence, so all n next-token losses come from one pass.",
            "b": "The one-pass outputs approximate token-by-token decoding: each row is slightly off from what "
                 "generation would compute, but the pass is so much faster that the error is accepted.",
            "c": "The causal mask is used only during training; at inference the model attends over the whole "
                 "sequence, which is why generation must then proceed one token at a time.",
            "d": "Only the last position's prediction is trained: the outputs at earlier positions are computed "
                 "in the same pass but their losses are discarded, one example per sequence.",
        },
        answer="a",
        why={
            "a": "right: the mask makes each row a function of its prefix only, and teacher forcing supplies "
                 "the true prefix for every position at once: n training signals for the price of one pass.",
            "b": "they are not an approximation: your masked_forward and incremental_forward agree to rounding "
                 "(1e-10), row by row.",
            "c": "at inference the future tokens do not exist yet, so attending only to the past is not a "
                 "choice there; the mask makes training see exactly what inference will see.",
            "d": "every position predicts its next token and contributes a loss term; that is the point of "
                 "the mask: n training examples from one sequence in one pass.",
        },
    ),
)
