"""Exercise 6.7: LayerNorm, forward and backward (reference solution)."""

import numpy as np


class LayerNorm:
    def __init__(self, dim, eps=1e-5):
        self.dim = dim
        self.gamma = np.ones(dim)
        self.beta = np.zeros(dim)
        self.eps = eps

    def forward(self, x):
        """x: (..., dim) -> (..., dim), normalised over the last axis, then scaled and shifted."""
        x = np.asarray(x)
        if x.ndim == 0 or x.shape[-1] != self.dim:
            raise ValueError(f"LayerNorm({self.dim}) expects input of shape (..., {self.dim}), got {x.shape}")
        mean = x.mean(axis=-1, keepdims=True)
        var = x.var(axis=-1, keepdims=True)
        self.inv_std = 1.0 / np.sqrt(var + self.eps)
        self.x_hat = (x - mean) * self.inv_std
        return (self.gamma * self.x_hat + self.beta).astype(x.dtype, copy=False)  # same dtype as x

    def backward(self, dout):
        """dout: gradient w.r.t. the last forward's output. Return dx; set self.dgamma, self.dbeta."""
        lead = tuple(range(dout.ndim - 1))
        self.dgamma = (dout * self.x_hat).sum(axis=lead)
        self.dbeta = dout.sum(axis=lead)
        g = dout * self.gamma
        n = self.dim
        return self.inv_std / n * (n * g - g.sum(-1, keepdims=True)
                                   - self.x_hat * (g * self.x_hat).sum(-1, keepdims=True))


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


class _Axis0(LayerNorm):
    def forward(self, x):
        if x.shape[-1] != self.dim:
            raise ValueError("wrong last axis")
        mean = x.mean(axis=0, keepdims=True)
        var = x.var(axis=0, keepdims=True)
        self.inv_std = 1.0 / np.sqrt(var + self.eps)
        self.x_hat = (x - mean) * self.inv_std
        return (self.gamma * self.x_hat + self.beta).astype(x.dtype, copy=False)  # only its own bug


class _EpsOutside(LayerNorm):
    def forward(self, x):
        if x.shape[-1] != self.dim:
            raise ValueError("wrong last axis")
        mean = x.mean(axis=-1, keepdims=True)
        self.inv_std = 1.0 / (x.std(axis=-1, keepdims=True) + self.eps)
        self.x_hat = (x - mean) * self.inv_std
        return (self.gamma * self.x_hat + self.beta).astype(x.dtype, copy=False)  # only its own bug


class _Ddof1(LayerNorm):
    def forward(self, x):
        if x.shape[-1] != self.dim:
            raise ValueError("wrong last axis")
        mean = x.mean(axis=-1, keepdims=True)
        self.inv_std = 1.0 / np.sqrt(x.var(axis=-1, ddof=1, keepdims=True) + self.eps)
        self.x_hat = (x - mean) * self.inv_std
        return (self.gamma * self.x_hat + self.beta).astype(x.dtype, copy=False)  # only its own bug


class _ConstantStats(LayerNorm):
    def backward(self, dout):
        lead = tuple(range(dout.ndim - 1))
        self.dgamma = (dout * self.x_hat).sum(axis=lead)
        self.dbeta = dout.sum(axis=lead)
        return dout * self.gamma * self.inv_std


class _NoKeepdims(LayerNorm):
    def forward(self, x):
        if x.shape[-1] != self.dim:
            raise ValueError("wrong last axis")
        mean = x.mean(axis=-1)
        var = x.var(axis=-1)
        self.inv_std = 1.0 / np.sqrt(var + self.eps)
        self.x_hat = (x - mean) * self.inv_std
        return (self.gamma * self.x_hat + self.beta).astype(x.dtype, copy=False)  # only its own bug


class _InPlace(LayerNorm):
    def forward(self, x):
        if x.shape[-1] != self.dim:
            raise ValueError("wrong last axis")
        mean = x.mean(axis=-1, keepdims=True)
        var = x.var(axis=-1, keepdims=True)
        self.inv_std = 1.0 / np.sqrt(var + self.eps)
        x -= mean
        x *= self.inv_std
        self.x_hat = x
        return (self.gamma * self.x_hat + self.beta).astype(x.dtype, copy=False)


class _Accumulates(LayerNorm):
    def backward(self, dout):
        lead = tuple(range(dout.ndim - 1))
        dx = super().backward(dout)
        self.total_dgamma = getattr(self, "total_dgamma", 0.0) + (dout * self.x_hat).sum(axis=lead)
        self.total_dbeta = getattr(self, "total_dbeta", 0.0) + dout.sum(axis=lead)
        self.dgamma, self.dbeta = self.total_dgamma, self.total_dbeta
        return dx


class _EpsHardCoded(LayerNorm):
    def forward(self, x):
        if x.shape[-1] != self.dim:
            raise ValueError("wrong last axis")
        mean = x.mean(axis=-1, keepdims=True)
        self.inv_std = 1.0 / np.sqrt(x.var(axis=-1, keepdims=True) + 1e-5)
        self.x_hat = (x - mean) * self.inv_std
        return (self.gamma * self.x_hat + self.beta).astype(x.dtype, copy=False)


class _Float64Out(LayerNorm):
    def forward(self, x):
        if x.shape[-1] != self.dim:
            raise ValueError("wrong last axis")
        mean = x.mean(axis=-1, keepdims=True)
        self.inv_std = 1.0 / np.sqrt(x.var(axis=-1, keepdims=True) + self.eps)
        self.x_hat = (x - mean) * self.inv_std
        return self.gamma * self.x_hat + self.beta  # float64 gamma promotes a float32 x


class _NoValidation(LayerNorm):
    def forward(self, x):
        mean = x.mean(axis=-1, keepdims=True)
        self.inv_std = 1.0 / np.sqrt(x.var(axis=-1, keepdims=True) + self.eps)
        self.x_hat = (x - mean) * self.inv_std
        return (self.gamma * self.x_hat + self.beta).astype(x.dtype, copy=False)


MISTAKES = (
    mistake("axis 0", "your LayerNorm normalises over axis 0 (across the batch, like BatchNorm); "
            "normalise each row over the last axis", LayerNorm=_Axis0),
    mistake("eps outside the sqrt", "you divide by sqrt(var) + eps; eps belongs inside: sqrt(var + eps)",
            LayerNorm=_EpsOutside),
    mistake("ddof=1", "you use the sample variance (ddof=1); LayerNorm uses the population variance, "
            "x.var(axis=-1) with ddof=0", LayerNorm=_Ddof1),
    mistake("mean and variance held constant in backward",
            "your backward returns dout * gamma / std, as if the mean and the variance did not depend on x; "
            "both do, which adds two correction terms", LayerNorm=_ConstantStats),
    mistake("no keepdims", "mean and variance lost their last axis (no keepdims=True), so they broadcast "
            "along the wrong axis", LayerNorm=_NoKeepdims),
    mistake("in-place x -= mean", "you normalise x in place (x -= mean, x *= ...), which changes the caller's "
            "array; compute a new one: x_hat = (x - mean) * inv_std", LayerNorm=_InPlace),
    mistake("backward accumulates dgamma", "backward adds onto the gradients of the previous call (self.dgamma += "
            "...); each backward stores the gradients of that call alone: self.dgamma = ...", LayerNorm=_Accumulates),
    mistake("eps hard-coded", "you use 1e-5 instead of self.eps, so LayerNorm(dim, eps=...) ignores its argument",
            LayerNorm=_EpsHardCoded),
    mistake("float32 in, float64 out", "your output is float64 for a float32 x (the float64 gamma and beta promote "
            "it); the statement asks for the dtype of x: cast with .astype(x.dtype)", LayerNorm=_Float64Out),
    mistake("no shape validation", "you never check the last axis; NumPy's broadcasting rejects most wrong shapes, "
            "but a last axis of length 1 broadcasts silently against gamma: raise ValueError when "
            "x.shape[-1] != dim", LayerNorm=_NoValidation),
)
