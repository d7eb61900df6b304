"""The choice question of 13.18 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="GPT3_BY_CHINCHILLA",
        question="GPT-3 has 175B parameters and was trained on 300B tokens. By the 20-tokens-per-parameter rule, "
                 "it is:",
        options={
            "a": "compute-optimal: 6 N D matches its budget, so any (N, D) with that product is as good.",
            "b": "over-trained: too many tokens for its size; a larger model would have done better.",
            "c": "under-trained: too few tokens for its size; a smaller model on more tokens would have done better.",
            "d": "impossible to judge without knowing its loss.",
        },
        answer="c",
        why={
            "a": "the budget fixes the product N D, not the split; Chinchilla's point is that the loss depends on "
                 "the split, and is lowest near D = 20 N.",
            "b": "300B / 175B is about 1.7 tokens per parameter, far below 20: it saw too few tokens, not too many.",
            "c": "right: its budget, 6 x 175e9 x 300e9 = 3.15e23 FLOPs, gives N = sqrt(C / 120), about 51B, and "
                 "D = 20 N, about 1T tokens.",
            "d": "the rule is stated in N and D alone: a fitted law that predicts the loss for each split, so "
                 "the split can be judged without training the model.",
        },
    ),
)
