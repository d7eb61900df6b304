"""The choice question of 6.4 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="WHY_LAWS_BREAK_DOWN",
        question="Why must L(N) = C / N**alpha stop holding as N keeps growing?",
        options={
            "a": "Because alpha slowly grows with N, so the curve steepens on a log-log plot and the predicted "
                 "loss reaches zero at a finite size, where it has to stop.",
            "b": "Because 32-bit floating-point numbers cannot represent the tiny loss differences between very "
                 "large models, so the measured curve flattens into noise.",
            "c": "Because models past a certain size always overfit their training data, no matter how many "
                 "tokens they are given, so the test loss turns back up.",
            "d": "Because C / N**alpha falls toward 0 while text has an irreducible entropy, and the fit assumed "
                 "that data and compute were never the limit.",
        },
        answer="d",
        why={
            "a": "nothing in the measurements says alpha grows, and a loss of zero would mean text is perfectly "
                 "predictable, which it is not.",
            "b": "losses of real models stay around 1-3 nats per token, far from any floating-point limit.",
            "c": "overfitting depends on the data: with enough data (and the compute to use it) larger models "
                 "keep improving. The limit is that data and compute stop keeping up, and the entropy floor.",
            "d": "right: fitted laws usually add a constant, L = E + C / N**alpha, where E is the entropy of "
                 "the text (Hoffmann et al., 2022), and they hold only while data and compute are not the "
                 "bottleneck (Kaplan et al., 2020).",
        },
    ),
)
