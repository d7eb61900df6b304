"""The choice question of ta.1 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="WHY_SQRT_D",
        question="Why are the scores divided by sqrt(d) before the softmax?",
        options={
            "a": "So that the attention weights sum to 1.",
            "b": "Because a dot product of two random vectors with unit-variance entries has variance d: dividing "
                 "by sqrt(d) brings the scores back to unit scale, so the softmax does not saturate into a "
                 "near one-hot vector with vanishing gradients as d grows.",
            "c": "To keep np.exp from overflowing on large scores.",
            "d": "To average the scores over the d dimensions, so any d gives the same weights.",
        },
        answer="b",
        why={
            "a": "the softmax alone makes the weights sum to 1, whatever the scale of the scores.",
            "b": "right: Var(q.k) = d for independent unit-variance entries; after dividing by sqrt(d) it is 1, "
                 "and the softmax stays in its sensitive range.",
            "c": "that is the job of subtracting the maximum: scaling by sqrt(d) cannot prevent overflow (scores of "
                 "1e3 stay large), while the max subtraction makes any score safe.",
            "d": "averaging would divide by d, not sqrt(d); the sum of d products grows like sqrt(d) in spread, so "
                 "dividing by d would shrink the scores toward 0 and flatten the weights toward uniform.",
        },
    ),
)
