"""Exercise 6.1: residual connections, and what they do to gradients through depth."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="6.1",
        title="Residual connections: gradients through depth",
        track="6",
        kind="concept",
        framework="numpy",
        points=10,
        package=__name__,
        why_it_matters=(
            "GPT-2 scales the initial weights of every layer that writes into the residual stream by "
            "1/sqrt(N), N the number of residual layers, because that stream grows with depth as your "
            "residual gradient did (Radford et al., 2019, section 2.3)."
        ),
        time_limit=30,
        hints=(
            "Run the stack forward once and keep every layer's activation `a_l = tanh(h_{l-1} @ W_l)`: the "
            "backward pass needs them. Then walk back from the output with `g = np.ones(width)` (the gradient of "
            "a sum is 1 for every entry).",
            "Going back through one plain layer `h_l = tanh(h_{l-1} @ W_l)`: multiply by tanh's derivative "
            "`1 - a_l**2` entry by entry, then by `W_l.T`. So `g = (g * (1 - a_l**2)) @ W_l.T`. Draw `x` first, "
            "then all weights at once with `rng.uniform(-1/np.sqrt(width), 1/np.sqrt(width), (depth, width, width))`.",
            "A residual layer `h_l = h_{l-1} + tanh(h_{l-1} @ W_l)` passes the gradient through two roads and adds "
            "them: `g = g + (g * (1 - a_l**2)) @ W_l.T`. That `g +` is the identity in I + J. "
            "`residual_jacobian(jac_f)` is `np.eye(d) + jac_f`.",
        ),
        mistakes=("identity dropped from the residual gradient", "tanh derivative forgotten",
                  "W instead of W.T in backward", "Gaussian init instead of uniform",
                  "1 added to every entry", "identity forgotten in the Jacobian",
                  "variance taken for the norm factor"),
        model_answer=(
            "The gradient of x + f(x) is I + J_f. Through L layers the plain stack multiplies L Jacobians "
            "J_f, each of which shrinks a vector by about 1/sqrt(3) = 0.577 (the std of U(-b, b) is b/sqrt(3), "
            "and tanh' is near 1 once activations are small; measured: 0.567 to 0.577), so the product vanishes "
            "exponentially: from 8 at depth 0 to about 2e-24 to 1e-23 at 100 layers (seeds 0 to 5). The "
            "residual stack's gradient does not vanish; it grows, to about 150 to 600, because each I + J_f "
            "adds a random component to the vector; the growth stays mild because the residual stream grows "
            "and tanh saturates, shrinking J_f. With residuals the product of (I + J_f) contains the term I: "
            "a path on which the gradient reaches the input untouched, so it cannot vanish. The name says "
            "what each block learns: not the whole map H(x) but the residual f(x) = H(x) - x, the correction "
            "to add to its input, which is easy to keep near zero when a layer has nothing to add."
        ),
    ))
