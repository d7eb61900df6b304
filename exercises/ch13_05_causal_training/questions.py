"""The choice question of 13.5 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="ONE_PASS",
        question="A decoder generates one token at a time. Why can it still be trained on a whole sequence "
                 "in a single forward pass?",
        options={
            "a": "The one-pass outputs are an approximation of token-by-token decoding: slightly different, "
                 "but much faster to compute.",
            "b": "The causal mask is used only during training; at inference the model attends to the whole "
                 "sequence, which is why it must go one token at a time.",
            "c": "With the causal mask, output row t depends only on tokens 0..t, exactly what generation "
                 "computes at step t; in training the whole true sequence is known, so all n next-token "
                 "predictions and their losses come out of one parallel pass.",
            "d": "Only the last position's prediction is trained; the outputs at earlier positions are "
                 "computed but thrown away.",
        },
        answer="c",
        why={
            "a": "they are not an approximation: your masked_forward and incremental_forward agree to rounding "
                 "(1e-10), row by row.",
            "b": "at inference the future tokens do not exist yet, so attending only to the past is not a "
                 "choice there; the mask makes training see exactly what inference will see.",
            "c": "right: the mask makes each row a function of its prefix only, and teacher forcing supplies "
                 "the true prefix for every position at once: n training signals for the price of one pass.",
            "d": "every position predicts its next token and contributes a loss term; that is the point of "
                 "the mask: n training examples from one sequence in one pass.",
        },
    ),
)
