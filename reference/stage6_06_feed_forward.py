"""Exercise 6.6: the feed-forward network, forward and backward (reference solution)."""

import numpy as np

GELU_C = np.sqrt(2.0 / np.pi)


def gelu(h):
    """The tanh approximation of GELU (GPT-2)."""
    return 0.5 * h * (1.0 + np.tanh(GELU_C * (h + 0.044715 * h**3)))


def gelu_grad(h):
    """d gelu(h) / dh for the tanh approximation."""
    t = np.tanh(GELU_C * (h + 0.044715 * h**3))
    return 0.5 * (1.0 + t) + 0.5 * h * (1.0 - t**2) * GELU_C * (1.0 + 3 * 0.044715 * h**2)


class FeedForward:
    def __init__(self, d_model, d_ff):
        self.W1 = np.random.randn(d_model, d_ff) * 0.02
        self.W2 = np.random.randn(d_ff, d_model) * 0.02
        self.b1 = np.zeros(d_ff)
        self.b2 = np.zeros(d_model)

    def forward(self, x):
        """x: (..., d_model) -> (..., d_model): GELU(x @ W1 + b1) @ W2 + b2, GELU in its tanh approximation."""
        self.x = x
        self.h = x @ self.W1 + self.b1
        self.a = gelu(self.h)
        return self.a @ self.W2 + self.b2

    def backward(self, dout):
        """dout: gradient w.r.t. the last forward's output. Return dx; set self.dW1, self.db1, self.dW2, self.db2."""
        d_model, d_ff = self.W1.shape
        dout2 = dout.reshape(-1, d_model)
        self.dW2 = self.a.reshape(-1, d_ff).T @ dout2
        self.db2 = dout2.sum(axis=0)
        dh = (dout @ self.W2.T) * gelu_grad(self.h)
        dh2 = dh.reshape(-1, d_ff)
        self.dW1 = self.x.reshape(-1, d_model).T @ dh2
        self.db1 = dh2.sum(axis=0)
        return dh @ self.W1.T


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

import math  # noqa: E402

from kata.mistakes import mistake  # noqa: E402

_erf = np.vectorize(math.erf, otypes=[float])


class _ErfGelu(FeedForward):
    def forward(self, x):
        self.x = x
        self.h = x @ self.W1 + self.b1
        self.a = 0.5 * self.h * (1.0 + _erf(self.h / np.sqrt(2.0)))
        return self.a @ self.W2 + self.b2


class _Relu(FeedForward):
    def forward(self, x):
        self.x = x
        self.h = x @ self.W1 + self.b1
        self.a = np.maximum(self.h, 0.0)
        return self.a @ self.W2 + self.b2


class _NoB2(FeedForward):
    def forward(self, x):
        return super().forward(x) - self.b2


class _Swapped(FeedForward):
    def forward(self, x):
        self.x = x
        self.h = x @ self.W2 + self.b1
        self.a = gelu(self.h)
        return self.a @ self.W1 + self.b2


def _backward_with(layer, dout, act_grad):
    """The reference backward with another activation derivative in place of gelu_grad."""
    d_model, d_ff = layer.W1.shape
    dout2 = dout.reshape(-1, d_model)
    layer.dW2 = layer.a.reshape(-1, d_ff).T @ dout2
    layer.db2 = dout2.sum(axis=0)
    dh = (dout @ layer.W2.T) * act_grad(layer.h)
    dh2 = dh.reshape(-1, d_ff)
    layer.dW1 = layer.x.reshape(-1, d_model).T @ dh2
    layer.db1 = dh2.sum(axis=0)
    return dh @ layer.W1.T


def _gelu_grad_without_tanh_derivative(h):
    t = np.tanh(GELU_C * (h + 0.044715 * h**3))
    return 0.5 * (1.0 + t) + 0.5 * h * GELU_C * (1.0 + 3 * 0.044715 * h**2)


class _ReluDerivative(FeedForward):
    def backward(self, dout):
        return _backward_with(self, dout, lambda h: (h > 0).astype(h.dtype))


class _TanhDerivativeDropped(FeedForward):
    def backward(self, dout):
        return _backward_with(self, dout, _gelu_grad_without_tanh_derivative)


class _SumFirstAxis(FeedForward):
    def backward(self, dout):
        lead = list(range(dout.ndim - 1))
        dh = (dout @ self.W2.T) * gelu_grad(self.h)
        self.dW2 = np.tensordot(self.a, dout, axes=(lead, lead))
        self.db2 = dout.sum(axis=0)
        self.dW1 = np.tensordot(self.x, dh, axes=(lead, lead))
        self.db1 = dh.sum(axis=0)
        return dh @ self.W1.T


class _Accumulates(FeedForward):
    def backward(self, dout):
        before = {name: getattr(self, name, 0.0) for name in ("dW1", "db1", "dW2", "db2")}
        dx = super().backward(dout)
        for name, value in before.items():
            setattr(self, name, value + getattr(self, name))  # += onto the previous call's gradients
        return dx


MISTAKES = (
    mistake("exact erf GELU", "you use the exact GELU, 0.5*h*(1 + erf(h/sqrt(2))); this exercise wants the tanh "
            "approximation GPT-2 uses: 0.5*h*(1 + tanh(sqrt(2/pi)*(h + 0.044715*h**3)))", FeedForward=_ErfGelu),
    mistake("ReLU instead of GELU", "your activation is ReLU, max(h, 0); the FFN here uses GELU (tanh "
            "approximation), which is smooth and lets small negative values through", FeedForward=_Relu),
    mistake("missing b2", "the output bias b2 is missing: y = GELU(x @ W1 + b1) @ W2 + b2", FeedForward=_NoB2),
    mistake("W1 and W2 swapped", "W1 and W2 are swapped (only possible when d_ff == d_model): x goes through "
            "W1 (d_model, d_ff) first, then GELU, then W2 (d_ff, d_model)", FeedForward=_Swapped),
    mistake("ReLU derivative in backward", "backward multiplies by the ReLU derivative (h > 0) instead of the "
            "derivative of the tanh-approximate GELU", FeedForward=_ReluDerivative),
    mistake("tanh derivative dropped", "your GELU derivative forgets the chain rule through tanh: the second "
            "term needs the factor (1 - tanh(u)**2), the derivative of tanh at u = sqrt(2/pi)*(h + 0.044715*h**3)",
            FeedForward=_TanhDerivativeDropped),
    mistake("parameter gradients summed over the first axis only", "db1/db2 are summed over axis 0 only, so with "
            "input (batch, seq, d_model) they keep the seq axis; sum over every leading axis (flatten them first)",
            FeedForward=_SumFirstAxis),
    mistake("backward accumulates dW1", "backward adds onto the gradients of the previous call (self.dW1 += ...); "
            "each backward stores the gradients of that call alone: self.dW1 = ...", FeedForward=_Accumulates),
)
