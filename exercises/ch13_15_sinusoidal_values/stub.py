"""Exercise 13.15: sinusoidal positional encoding values. `kata show 13.15` prints the statement."""

import numpy as np


def sinusoidal_pe(pos, i, d_model):
    """PE(pos, i): sin for even i, cos for odd i, of pos / 10000**(2*(i // 2) / d_model)."""
    # TODO
    raise NotImplementedError("sinusoidal_pe")


def sinusoidal_pe_matrix(n_positions, d_model):
    """The (n_positions, d_model) table whose row pos is PE(pos, 0..d_model-1)."""
    # TODO
    raise NotImplementedError("sinusoidal_pe_matrix")
