"""Exercise 6.4: scaling laws (reference solution)."""

KAPLAN_ALPHA = 0.076  # Kaplan et al. (2020), loss vs parameter count


def loss_ratio(param_multiplier, alpha):
    """L(k*N) / L(N) when the parameter count is multiplied by k = param_multiplier."""
    return param_multiplier ** (-alpha)


def param_multiplier_for_loss_ratio(ratio, alpha):
    """The factor k by which to multiply the parameter count so that L(k*N) / L(N) == ratio."""
    return ratio ** (-1.0 / alpha)


WHY_LAWS_BREAK_DOWN = "d"

REFLECTION = ""


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402

MISTAKES = (
    mistake("sign of the exponent", "L(kN)/L(N) = (C/(kN)**alpha) / (C/N**alpha) = k**(-alpha): more "
            "parameters must give a ratio below 1", loss_ratio=lambda k, alpha: k**alpha),
    mistake("fraction removed instead of ratio", "you returned 1 - k**(-alpha), the fraction of the loss "
            "removed; the function returns the ratio L(kN)/L(N) itself", loss_ratio=lambda k, alpha: 1 - k**-alpha),
    mistake("alpha instead of 1/alpha", "inverting r = k**(-alpha) takes the power -1/alpha, not -alpha: "
            "k = r**(-1/alpha)", param_multiplier_for_loss_ratio=lambda r, alpha: r**-alpha),
    mistake("sign of the inverse exponent", "a lower loss (ratio < 1) needs more parameters (k > 1): "
            "k = r**(-1/alpha), with the minus sign", param_multiplier_for_loss_ratio=lambda r, alpha: r**(1 / alpha)),
)
