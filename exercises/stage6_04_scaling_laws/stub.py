"""Exercise 6.4: scaling laws.

`kata show 6.4` prints the statement; `kata check 6.4` grades this file.
"""

KAPLAN_ALPHA = 0.076  # Kaplan et al. (2020), loss vs parameter count


def loss_ratio(param_multiplier, alpha):
    """L(k*N) / L(N) when the parameter count is multiplied by k = param_multiplier."""
    # TODO
    raise NotImplementedError("loss_ratio")


def param_multiplier_for_loss_ratio(ratio, alpha):
    """The factor k by which to multiply the parameter count so that L(k*N) / L(N) == ratio."""
    # TODO
    raise NotImplementedError("param_multiplier_for_loss_ratio")


# Set to the letter of your answer (see the statement).
WHY_LAWS_BREAK_DOWN = None

# Ungraded: in your own words, what do these numbers say about buying quality with parameters?
REFLECTION = ""
