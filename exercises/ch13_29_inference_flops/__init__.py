"""Exercise 13.29: the forward FLOPs of one token are about 2N (theory as demonstration)."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.29",
        title="Inference FLOPs per token: about 2N",
        track="13",
        kind="theory",
        framework="python",
        points=9,
        package=__name__,
        after=("13.13",),
        why_it_matters=(
            "At about 2N per generated token, serving cost grows with model size, which is why LLaMA trained "
            "smaller models on more tokens than Chinchilla's rule."
        ),
        time_limit=30,
        hints=(
            "A vector of length a times an (a, b) matrix is a*b multiply-adds, so 2*a*b flops: each weight of "
            "the matrix is used exactly once per token. Count the matrices of one layer first: Q, K, V and the "
            "output projection are d_model x d_model; the FFN has d_model x d_ff and d_ff x d_model.",
            "Attention adds work that no weight accounts for: the new query is dotted with n_ctx keys, and its "
            "n_ctx weights mix n_ctx value vectors. Over all heads that is n_ctx * d_model multiply-adds for "
            "the scores and as many for the mix (h heads of d_model/h dimensions each), whatever h is.",
            "Per layer: 2*(4*d*d + 2*d*d_ff) + 2*(2*n_ctx*d); times n_layers; plus 2*d*vocab for the "
            "unembedding. The embedding lookup is indexing, not a matmul: it costs nothing here.",
        ),
        mistakes=("1 flop per multiply-add", "attention-score flops forgotten", "weighted sum of values forgotten",
                  "unembedding forgotten", "FFN width assumed 4 d_model", "embedding lookup counted as a matmul"),
        model_answer=(
            "Multiplying the token's activation by a weight matrix costs one multiply-add per weight, 2 flops. "
            "Every weight of the N in the layers' projections, the FFNs and the unembedding is used once, so "
            "the matmuls cost exactly 2N. Attention adds 4 * n_layers * n_ctx * d_model flops (q.k for each "
            "context position, and the weighted sum of values), which is small next to 2N ~ 24 n_layers "
            "d_model^2 when n_ctx << 6 d_model. Hence forward FLOPs per token ~ 2N, and training (forward plus "
            "a backward that costs about twice as much) ~ 6N."
        ),
    ))
