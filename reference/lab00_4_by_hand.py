"""Lab 00.4: one Pre-LN block computed by hand (reference solution: d_model=4, one head, d_ff=8, two tokens).

Every value below was chosen by hand; HAND_RESULT was worked out step by step (the notes keep 4 digits,
the final numbers 8 decimals). Matrices are used as `input @ W`.
"""

X = [[1.0, 0.5, -0.5, 2.0], [-1.0, 0.0, 1.5, 0.5]]

LN1_GAMMA = [1.0, 0.5, 1.5, 1.0]
LN1_BETA = [0.1, 0.0, -0.1, 0.2]

W_Q = [[0.5, -0.3, 0.2, 0.1], [0.2, 0.6, -0.4, 0.3], [-0.1, 0.4, 0.7, -0.2], [0.3, -0.2, 0.1, 0.8]]
W_K = [[0.4, 0.1, -0.3, 0.2], [-0.2, 0.5, 0.3, -0.1], [0.6, -0.1, 0.2, 0.4], [0.1, 0.3, -0.5, 0.7]]
W_V = [[0.3, 0.2, 0.1, -0.4], [0.1, -0.5, 0.6, 0.2], [-0.3, 0.4, 0.2, 0.5], [0.2, 0.1, -0.6, 0.3]]
W_O = [[0.6, -0.2, 0.1, 0.3], [0.1, 0.4, -0.3, 0.2], [-0.2, 0.3, 0.5, -0.1], [0.4, -0.1, 0.2, 0.6]]

LN2_GAMMA = [1.5, 1.0, 0.5, 1.0]
LN2_BETA = [0.0, -0.2, 0.1, 0.1]

W1 = [[0.2, -0.5, 0.3, 0.7, -0.1, 0.4, -0.6, 0.1],
      [0.6, 0.1, -0.4, 0.2, 0.5, -0.3, 0.2, -0.7],
      [-0.3, 0.4, 0.5, -0.2, 0.3, 0.6, -0.1, 0.2],
      [0.1, -0.2, -0.6, 0.4, -0.5, 0.2, 0.7, 0.3]]
B1 = [0.1, -0.1, 0.0, 0.2, -0.2, 0.1, 0.0, -0.1]
W2 = [[0.3, -0.2, 0.5, 0.1], [-0.4, 0.6, 0.1, -0.3], [0.2, 0.1, -0.5, 0.4], [0.5, -0.3, 0.2, -0.1],
      [-0.1, 0.4, 0.3, 0.6], [0.6, 0.2, -0.2, -0.4], [-0.2, -0.5, 0.4, 0.2], [0.1, 0.3, -0.1, -0.5]]
B2 = [0.0, 0.1, -0.1, 0.2]

# Notes, 4 decimals shown (more were kept while computing):
# LN1: both rows have variance 0.8125 (means 0.75 and 0.25), 1/sqrt(0.8125 + 1e-5) = 1.10940
#   h  = [[0.3773, -0.1387, -2.1801, 1.5867], [-1.2867, -0.1387, 1.9801, 0.4773]]
# q  = [[0.8550, -1.3858, -1.2365, 1.7015], [-0.7259, 0.9994, 1.2319, -0.1844]]
# k  = [[-0.9707, 0.6624, -1.3842, 0.3280], [0.7488, -0.2528, 0.5018, 0.8827]]
# v  = [[1.0707, -0.5686, -1.4335, -0.7927], [-0.8985, 0.6518, -0.1023, 1.6202]]
# scores / 2 = [[0.2609, 0.9361], [-0.1995, -0.1705]] -> softmax rows [[0.3373, 0.6627], [0.4927, 0.5073]]
# weights @ v = [[-0.2342, 0.2401, -0.5513, 0.8063], [0.0718, 0.0505, -0.7582, 0.4313]]
# @ W_O = [[0.3163, -0.1031, -0.2099, 0.5167], [0.3723, -0.2648, -0.3008, 0.3662]]
# z  = [[1.3163, 0.3969, -0.7099, 2.5167], [-0.6277, -0.2648, 1.1992, 0.8662]]
# LN2: means 0.8800, 0.2932, variances 1.4075, 0.5771
#   h2 = [[0.5516, -0.6072, -0.5700, 1.4795], [-1.8183, -0.9345, 0.6962, 0.8542]]
# u  = h2 @ W1 + B1 = [[0.1650, -0.9605, -0.7644, 1.1705, -1.4696, 0.4567, 0.6403, 0.7101],
#                      [-0.9478, 0.8234, -0.3361, -1.0573, -0.7037, 0.2416, 1.4324, 0.7678]]
# gelu(u) = [[0.0933, -0.1619, -0.1700, 1.0288, -0.1043, 0.3087, 0.4731, 0.5404],
#            [-0.1628, 0.6544, -0.1238, -0.1537, -0.1695, 0.1439, 1.3233, 0.5979]]
# @ W2 + B2 = [[0.7282, -0.3958, 0.2634, -0.2747], [-0.5138, 0.0376, 0.3051, -0.2403]]
# y = z + that:

HAND_RESULT = [[2.04450652, 0.00101132, -0.44649789, 2.24198889],
               [-1.14149520, -0.22721793, 1.50432819, 0.62597278]]


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

import math  # noqa: E402
from importlib import resources  # noqa: E402

import numpy as np  # noqa: E402

from kata.mistakes import mistake  # noqa: E402

PARAMETER_NAMES = ("X", "LN1_GAMMA", "LN1_BETA", "W_Q", "W_K", "W_V", "W_O", "LN2_GAMMA", "LN2_BETA",
                   "W1", "B1", "W2", "B2")

_erf = np.frompyfunc(math.erf, 1, 1)


def _tanh_gelu(u):
    return 0.5 * u * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (u + 0.044715 * u**3)))


def _exact_gelu(u):
    return 0.5 * u * (1.0 + _erf(np.asarray(u) / np.sqrt(2.0)).astype(np.float64))


def hand_forward(p, *, gelu=_tanh_gelu, w_o=True, ddof=0, scale=True, pre_norm=True):
    """The block on a dict of parameters, with the slips people make on paper switched on by keyword."""
    def ln(x, gamma, beta):
        mean, var = x.mean(-1, keepdims=True), x.var(-1, ddof=ddof, keepdims=True)
        return gamma * (x - mean) / np.sqrt(var + 1e-5) + beta

    def attention(h):
        q, k, v = h @ p["W_Q"], h @ p["W_K"], h @ p["W_V"]
        scores = q @ k.T / (np.sqrt(q.shape[-1]) if scale else 1.0)
        weights = np.exp(scores - scores.max(-1, keepdims=True))
        mixed = weights / weights.sum(-1, keepdims=True) @ v
        return mixed @ p["W_O"] if w_o else mixed

    def ffn(h):
        return gelu(h @ p["W1"] + p["B1"]) @ p["W2"] + p["B2"]

    x = np.asarray(p["X"], dtype=np.float64)
    if pre_norm:
        z = x + attention(ln(x, p["LN1_GAMMA"], p["LN1_BETA"]))
        return z + ffn(ln(z, p["LN2_GAMMA"], p["LN2_BETA"]))
    z = x + ln(attention(x), p["LN1_GAMMA"], p["LN1_BETA"])
    return z + ln(ffn(z), p["LN2_GAMMA"], p["LN2_BETA"])


# The slips a hand computation can make: the check names the one a wrong HAND_RESULT matches.
HAND_VARIANTS = {
    "exact GELU on paper": dict(gelu=_exact_gelu),
    "W_O skipped on paper": dict(w_o=False),
    "sample variance on paper": dict(ddof=1),
    "scores not scaled on paper": dict(scale=False),
    "residual order on paper": dict(pre_norm=False),
}

_PARAMS = {name: np.asarray(globals()[name], dtype=np.float64) for name in PARAMETER_NAMES}


def _hand(params, **slip):
    return np.round(hand_forward(params, **slip), 8).tolist()


def _with(**changes):
    params = {**_PARAMS, **{k: np.asarray(v, dtype=np.float64) for k, v in changes.items()}}
    return {**{k: v.tolist() for k, v in changes.items()}, "HAND_RESULT": _hand(params)}


MISTAKES = (
    mistake("HAND_RESULT computed by code", "HAND_RESULT is computed by code; it must be the literal numbers "
            "you worked out on paper, an independent witness the block is compared with",
            __file__=str(resources.files("exercises.lab00_4_by_hand").joinpath("computed_by_code.txt")),
            HAND_RESULT=HAND_RESULT),
    mistake("random parameters", "your parameters look drawn at random (long decimals); choose short values "
            "by hand, like 0.1, -0.3, 0.25, so the arithmetic on paper stays tractable",
            **_with(W_Q=np.random.default_rng(0).normal(0.0, 0.5, size=(4, 4)))),
    mistake("all weights equal", "a weight matrix has all its entries equal; with such values every query "
            "scores every key alike and a transposed matrix changes nothing, so the check proves little",
            **_with(**{n: np.full(np.shape(_PARAMS[n]), 0.1) for n in ("W_Q", "W_K", "W_V", "W_O", "W1", "W2")})),
    *(mistake(name, message, HAND_RESULT=_hand(_PARAMS, **HAND_VARIANTS[name])) for name, message in (
        ("exact GELU on paper", "your numbers match the block with the exact GELU, 0.5 u (1 + erf(u / sqrt 2)); "
         "this lab uses the tanh form, 0.5 u (1 + tanh(sqrt(2/pi) (u + 0.044715 u^3)))"),
        ("W_O skipped on paper", "your numbers match the block without the output projection; with one head W_O "
         "still runs: (softmax weights @ v) @ W_O"),
        ("sample variance on paper", "your numbers match LayerNorm with the sample variance (dividing by 3); "
         "LayerNorm divides the squared deviations by d_model = 4"),
        ("scores not scaled on paper", "your numbers match attention without the 1/sqrt(d_head) scale; divide "
         "each score q . k by sqrt(4) = 2 before the softmax"),
        ("residual order on paper", "your numbers match x + LN(sublayer(x)); Pre-LN normalises the sublayer's "
         "input: x + sublayer(LN(x))"),
    )),
)
