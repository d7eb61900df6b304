"""The choice question of 13.3 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="WHY_VARIANCES_ADD",
        question="q and k have d_k independent components of mean 0 and variance 1. Which fact makes "
                 "Var(q.k) = Var(q_1 k_1) + ... + Var(q_dk k_dk) = d_k?",
        options={
            "a": "The components are normally distributed, and only for normal variables does the variance of a "
                 "sum equal the sum of the variances, term by term.",
            "b": "Var(XY) = Var(X) Var(Y) holds for any two random variables, dependent or not, so each "
                 "product q_i k_i has variance 1 x 1 = 1 and the d_k of them add.",
            "c": "The score is divided by sqrt(d_k) afterwards, which spreads the variance evenly over the d_k "
                 "components, so each one contributes exactly 1.",
            "d": "The products q_i k_i are independent with mean 0, so the variance of their sum is the sum of "
                 "their variances, each E[q_i^2] E[k_i^2] = 1.",
        },
        answer="d",
        why={
            "a": "normality is not needed: any independent, zero-mean, unit-variance components give d_k "
                 "(try rng.choice([-1, 1]) in place of standard_normal).",
            "b": "that identity needs independent variables with mean 0: for independent ones Var(XY) = "
                 "E[X^2] E[Y^2] - E[X]^2 E[Y]^2, which is Var(X) Var(Y) only when the means vanish (uniform "
                 "[0, 1) components give 7/144, not 1/144); for dependent ones it fails outright.",
            "c": "the division by sqrt(d_k) is the fix applied afterwards, bringing the variance back to 1; "
                 "it is not why the raw variance is d_k.",
            "d": "right: independent (uncorrelated is enough) zero-mean terms have no covariances, so d_k "
                 "variances of 1 add up to d_k, and the standard deviation of the score is sqrt(d_k).",
        },
    ),
)
