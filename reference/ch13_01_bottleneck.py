"""Exercise 13.1: the fixed-context bottleneck and attention (reference answers)."""

WHY_BOTTLENECK = "a"
WHAT_ATTENTION_CHANGES = "c"
WHAT_IT_COSTS = "d"

REFLECTION = (
    "One fixed-size vector must hold a sentence of any length, so long inputs lose detail. Attention keeps "
    "all encoder states and lets each decoder step read its own weighted mix of them, at a cost that grows "
    "with the input."
)


# ---- known mistakes: none declared; each wrong option fails with its own explanation ----------------

MISTAKES = ()
