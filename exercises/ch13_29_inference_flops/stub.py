"""Exercise 13.29: inference FLOPs per token, about 2N. `kata show 13.29` prints the statement."""


def forward_flops_per_token(config, n_ctx):
    """Exact matmul flops (2 per multiply-add) of one token's forward pass through a decoder-only model."""
    # TODO: config["d_model"], config["n_layers"], config["d_ff"], config["vocab"]
    raise NotImplementedError("forward_flops_per_token")


# Set to the letter of your answer ("a", "b", "c" or "d").
WHY_2N = None

# Optional, ungraded: the derivation in your own words (shown beside a model answer once you pass).
REFLECTION = ""
