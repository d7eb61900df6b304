"""Exercise 13.8: in-context learning (reference answers)."""

WHAT_IT_IS = "d"
WHY_REMARKABLE = "b"
WHERE_IT_HAPPENS = "c"

REFLECTION = (
    "The model learns a task from examples in its prompt, in the forward pass, with frozen weights. It "
    "surprised because next-token training alone produced it, and it lets one model serve many tasks."
)


# ---- known mistakes: none declared; each wrong option fails with its own explanation ----------------

MISTAKES = ()
