"""The choice question of 13.18 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="GPT3_BY_CHINCHILLA",
        question="GPT-3 has 175B parameters and was trained on 300B tokens. By the 20-tokens-per-parameter rule, "
                 "it is:",
        options={
            "a": "compute-optimal: 6 N D matches its budget, so any (N, D) pair with that same product would be "
                 "as good.",
            "b": "under-trained: too few tokens for its size; a smaller model trained on more tokens would have "
                 "done better.",
            "c": "over-trained: too many tokens for its size (D > 20 N); a larger model trained on fewer tokens would have "
                 "done better.",
            "d": "impossible to judge from N and D alone: the rule needs the model's final loss before it can "
                 "say anything.",
        },
        answer="b",
        why={
            "a": "the budget fixes the product N D, not the split; Chinchilla's point is that the loss depends on "
                 "the split, and is lowest near D = 20 N.",
            "b": "right: its budget, 6 x 175e9 x 300e9 = 3.15e23 FLOPs, gives N = sqrt(C / 120), about 51B, and "
                 "D = 20 N, about 1T tokens (Hoffmann et al., 2022).",
            "c": "300B / 175B is about 1.7 tokens per parameter, far below 20: it saw too few tokens, not too many.",
            "d": "the rule is stated in N and D alone: a fitted law that predicts the loss for each split, so "
                 "the split can be judged without training the model.",
        },
    ),
)
