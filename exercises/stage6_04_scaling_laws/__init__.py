"""Exercise 6.4: scaling laws, L(N) = C / N**alpha, as functions."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="6.4",
        title="Scaling laws: what more parameters buy",
        track="6",
        kind="concept",
        framework="python",
        points=9,
        package=__name__,
        why_it_matters=(
            "Kaplan et al. (2020) fitted these laws to non-embedding parameters to size GPT-3; Hoffmann et "
            "al. (2022) refitted them with data as a variable and found such models under-trained (exercise "
            "13.18)."
        ),
        time_limit=20,
        hints=(
            "Write L(k*N) / L(N) with L(N) = C / N**alpha: the constant C and N itself cancel, and only k and "
            "alpha are left.",
            "C / (k*N)**alpha divided by C / N**alpha is k**(-alpha). More parameters (k > 1) must give a ratio "
            "below 1: check the sign of your exponent.",
            "Invert r = k**(-alpha) for k: take both sides to the power -1/alpha, k = r**(-1/alpha). With "
            "alpha = 0.076, halving the loss (r = 0.5) needs 2**(1/0.076), about 9,000 times more parameters.",
        ),
        mistakes=("sign of the exponent", "fraction removed instead of ratio", "alpha instead of 1/alpha",
                  "sign of the inverse exponent"),
        model_answer=(
            "L(kN)/L(N) = k**-alpha: with alpha = 0.076, doubling the parameters lowers the loss by only about 5% "
            "(ratio 0.949), and halving the loss takes 2**(1/0.076), about 9,100 times the parameters. Power laws "
            "give steady but expensive gains. They cannot hold forever: C/N**alpha tends to 0, but text has an "
            "irreducible entropy that no model can beat, so the curve must flatten toward it; and the fit assumes "
            "that data and compute are not the bottleneck, which stops being true (a bigger model on the same "
            "data ends up data-limited)."
        ),
    ))
