"""The choice question of ta.1 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="WHY_SQRT_D",
        question="Why are the scores divided by sqrt(d) before the softmax?",
        options={
            "a": "The softmax only sums to 1 when its inputs lie in a bounded range, and dividing by sqrt(d) "
                 "keeps every score between -1 and 1, so each row of weights is normalised.",
            "b": "Large scores make np.exp overflow to inf, and dividing by sqrt(d) is the standard guard that "
                 "keeps every exponential finite, whatever the queries and keys are.",
            "c": "A dot product of d unit-variance entries has variance d; dividing by sqrt(d) restores unit "
                 "scale, so the softmax does not saturate to one-hot with vanishing gradients.",
            "d": "It averages each score over the d dimensions of the head, so that models with different head "
                 "sizes give identical attention weights for the same queries and keys.",
        },
        answer="c",
        why={
            "a": "the softmax makes the weights sum to 1 for any scores, and dividing by sqrt(d) does not bound "
                 "them: scores of spread 1 still reach 3 or 4.",
            "b": "that is the job of subtracting the maximum: scaling by sqrt(d) cannot prevent overflow (scores of "
                 "1e3 stay large), while the max subtraction makes any score safe.",
            "c": "right: Var(q.k) = d for independent unit-variance entries; after dividing by sqrt(d) it is 1, "
                 "and the softmax stays in its sensitive range (Vaswani et al., 2017, footnote 4).",
            "d": "averaging would divide by d, not sqrt(d); the sum of d products grows like sqrt(d) in spread, so "
                 "dividing by d would shrink the scores toward 0 and flatten the weights toward uniform.",
        },
    ),
)
