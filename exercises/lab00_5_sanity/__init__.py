"""Exercise lab00.5: sanity tests for the block, graded by mutation, and the time of one forward pass."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="lab00.5",
        title="Sanity tests that catch a broken block, and its speed",
        track="lab00",
        kind="implement",
        framework="numpy",
        points=15,
        package=__name__,
        after=("lab00.3",),
        time_limit=60,
        hints=(
            "Start from your lab00.3 code for MultiHeadAttention and TransformerBlock: it is the same block. Then "
            "write the tests against the class they receive (`TransformerBlock`), never against your own.",
            "Near-identity: zeroing every parameter (LayerNorm gamma and beta included) makes both sublayers add "
            "exactly 0, so block(x) == x; that kills every mutant that loses a residual or normalises the "
            "output. The residual-order mutant survives it (LN of a zero vector times gamma=0 is 0): keep "
            "LayerNorm at its init, make the weights tiny (std 5e-4) and use normalised x: |block(x) - x| < 1e-3.",
            "Gradient by central differences: with a loss like `np.sum(w * block(x)[0])`, nudge an array by +h*v "
            "and -h*v (a random direction v, h = 1e-6), restore it, and divide the difference by 2h. A parameter "
            "the block ignores (W_o, if it is skipped) has a derivative of exactly 0: assert every parameter's "
            "is nonzero.",
            "Sequences of a batch must not mix: for x of shape (2, T, d), the loss on sequence 0 must have a zero "
            "derivative with respect to x[1] (LayerNorm over axis 0 breaks that), and at zero parameters the "
            "gradient with respect to x[0] is exactly w, since the block is the identity there.",
        ),
        mistakes=("residual order", "W_O skipped", "post-norm", "Python loops", "in-place residual"),
    ))
