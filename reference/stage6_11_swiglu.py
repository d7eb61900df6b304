"""Exercise 6.11: the SwiGLU feed-forward network (reference solution)."""

import numpy as np


def silu(z):
    """SiLU (swish), element-wise: z * sigmoid(z), with the sigmoid written through tanh so it never overflows."""
    return z * (0.5 * (1.0 + np.tanh(0.5 * z)))


class SwiGLU_FFN:
    def __init__(self, d_model, d_ff):
        # Note: SwiGLU has 3 weight matrices, not 2, and no biases.
        self.W_gate = np.random.randn(d_model, d_ff) * 0.02
        self.W_up = np.random.randn(d_model, d_ff) * 0.02
        self.W_down = np.random.randn(d_ff, d_model) * 0.02

    def forward(self, x):
        """x: (..., d_model) -> (..., d_model): (silu(x @ W_gate) * (x @ W_up)) @ W_down."""
        gate = silu(x @ self.W_gate)
        up = x @ self.W_up
        return (gate * up) @ self.W_down


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


class _Sigmoid(SwiGLU_FFN):
    def forward(self, x):
        return (_sigmoid(x @ self.W_gate) * (x @ self.W_up)) @ self.W_down


class _GateUpSwapped(SwiGLU_FFN):
    def forward(self, x):
        return ((x @ self.W_gate) * silu(x @ self.W_up)) @ self.W_down


class _SiluAfterProduct(SwiGLU_FFN):
    def forward(self, x):
        return silu((x @ self.W_gate) * (x @ self.W_up)) @ self.W_down


class _Relu(SwiGLU_FFN):
    def forward(self, x):
        return (np.maximum(x @ self.W_gate, 0.0) * (x @ self.W_up)) @ self.W_down


class _TiedDown(SwiGLU_FFN):
    def __init__(self, d_model, d_ff):
        super().__init__(d_model, d_ff)
        self.W_down = self.W_gate.T  # one matrix where the layer has two


MISTAKES = (
    mistake("sigmoid instead of SiLU", "you apply the sigmoid, 1/(1 + exp(-z)); SiLU is z * sigmoid(z), the input "
            "times its sigmoid", silu=_sigmoid, SwiGLU_FFN=_Sigmoid),
    mistake("gate and up swapped", "SiLU is applied to x @ W_up; it belongs on the gate branch, x @ W_gate, "
            "while x @ W_up stays linear", SwiGLU_FFN=_GateUpSwapped),
    mistake("SiLU after the product", "you apply SiLU to the product (x @ W_gate) * (x @ W_up); apply it to the "
            "gate first, then multiply: silu(x @ W_gate) * (x @ W_up)", SwiGLU_FFN=_SiluAfterProduct),
    mistake("ReLU instead of SiLU", "your gate uses ReLU, max(z, 0) (that is ReGLU); SwiGLU uses SiLU, "
            "z * sigmoid(z)", SwiGLU_FFN=_Relu),
    mistake("W_down tied to W_gate", "your W_down is W_gate.T, so the layer has one matrix where it should have two; "
            "draw W_down on its own", SwiGLU_FFN=_TiedDown),
)
