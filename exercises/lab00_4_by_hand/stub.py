"""Lab 00.4: one Pre-LN block computed by hand (d_model=4, one head, d_ff=8, two tokens).

`kata show lab00.4` prints the statement; `kata check lab00.4` grades this file.
Write every value as a literal: numbers in nested lists, chosen by you (short decimals, not random).
Matrices are used as `input @ W`.
"""

X = None  # (2, 4): two tokens of d_model = 4

LN1_GAMMA = None  # (4,)
LN1_BETA = None  # (4,)

W_Q = None  # (4, 4)
W_K = None  # (4, 4)
W_V = None  # (4, 4)
W_O = None  # (4, 4): the output projection

LN2_GAMMA = None  # (4,)
LN2_BETA = None  # (4,)

W1 = None  # (4, 8)
B1 = None  # (8,)
W2 = None  # (8, 4)
B2 = None  # (4,)

# Your notes: LN1(X), q, k, v, scores, softmax weights, attention output, z, LN2(z), u, gelu(u), ...

HAND_RESULT = None  # (2, 4): the block's output, computed on paper, pasted here as a nested list
