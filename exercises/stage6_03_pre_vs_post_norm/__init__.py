"""Exercise 6.3: pre-norm versus post-norm residual blocks."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="6.3",
        title="Pre-norm vs post-norm",
        track="6",
        kind="concept",
        framework="numpy",
        points=13,
        package=__name__,
        after=("6.1", "ta.7"),
        why_it_matters=(
            "GPT-2, GPT-3 and LLaMA are pre-norm, with one final norm before the output head; the original "
            "Transformer and BERT are post-norm."
        ),
        time_limit=40,
        hints=(
            "Read the two formulas aloud. Pre-norm: normalise, apply the sublayer, add to the untouched input. "
            "Post-norm: apply the sublayer, add the input, normalise the sum. The 2017 Transformer and BERT "
            "are post-norm; GPT-2 moved the norm to the input of each sub-block.",
            "For the demonstration, run the stack forward with your own `pre_norm` / `post_norm` (the sublayer "
            "is `lambda z: z @ W[l] + c[l]`, the norm the given `layer_norm`) and keep, for every layer, the "
            "input of its LayerNorm: `layer_norm_backward` needs it. Then walk back from `g = u`, filling "
            "`norms[l] = np.linalg.norm(g)` once g is the gradient at the *input* of layer l.",
            "Back through a pre-norm layer `h + layer_norm(h) @ W + c`: "
            "`g = g + layer_norm_backward(g @ W.T, h)` (the first `g` is the residual road). "
            "Back through a post-norm layer `layer_norm(z)` with `z = h + h @ W + c`: first "
            "`gz = layer_norm_backward(g, z)`, then `g = gz + gz @ W.T`.",
        ),
        mistakes=("GPT-2 taken for post-norm", "pre and post swapped", "residual missing",
                  "normalised sublayer output added to x", "residual taken from the normalised input",
                  "placements swapped in the demonstration", "residual road skipped in backward",
                  "norms listed from the output back", "gradient taken at each layer's output"),
        model_answer=(
            "Pre-norm, x + f(LN(x)), leaves a clean identity road from the output back to the input: every "
            "layer adds to the residual stream and nothing on that road is normalised, so gradients reach the "
            "first layers at full strength and deep stacks train without long warm-ups. Post-norm, LN(x + f(x)), "
            "puts a LayerNorm on that road after every layer; each one divides by the growing std of x + f(x), "
            "so the gradient reaching early layers shrinks geometrically with depth. The price of pre-norm: the "
            "stream's magnitude grows with depth, so deep layers change it relatively little (a final LayerNorm "
            "is needed before the head), and a well-tuned post-norm model can end up slightly better."
        ),
    ))
