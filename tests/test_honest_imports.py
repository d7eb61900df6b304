"""Honest code is never accused: right answers that use installed libraries (torch, scipy, einops), imported at the
top of the file or inside a function, grade as a pass in NumPy and plain-Python exercises.

torch's own import reads stack frames (typing, torch.library, torch.cuda's stack formatting) while the learner's
file is on the stack; the guard must blame only code that asks for frames itself. The refusals that matter still
hold: learner code asking a standard helper for a frame, or compiling code under a library's file name.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reference.ta_01_attention_weights import WHY_SQRT_D as TA1_ANSWER

from conftest import Kata

LAYER_NORM_TORCH = '''
import numpy as np
{top}


class LayerNorm:
    def __init__(self, dim, eps=1e-5):
        self.dim, self.eps = dim, eps
        self.gamma, self.beta = np.ones(dim), np.zeros(dim)

    def forward(self, x):
        {inner}
        x = np.asarray(x)
        if x.ndim == 0 or x.shape[-1] != self.dim:
            raise ValueError(f"expected (..., {{self.dim}}), got {{x.shape}}")
        mean = x.mean(axis=-1, keepdims=True)
        self.inv_std = 1.0 / np.sqrt(x.var(axis=-1, keepdims=True) + self.eps)
        self.x_hat = (x - mean) * self.inv_std
        t = torch.from_numpy(x)  # gamma and beta in x's dtype: the statement keeps float32 as float32
        out = F.layer_norm(t, (self.dim,), torch.from_numpy(self.gamma).to(t.dtype),
                           torch.from_numpy(self.beta).to(t.dtype), self.eps)
        return out.numpy()

    def backward(self, dout):
        lead = tuple(range(dout.ndim - 1))
        self.dgamma = (dout * self.x_hat).sum(axis=lead)
        self.dbeta = dout.sum(axis=lead)
        g, n = dout * self.gamma, self.dim
        return self.inv_std / n * (n * g - g.sum(-1, keepdims=True)
                                   - self.x_hat * (g * self.x_hat).sum(-1, keepdims=True))
'''

FEED_FORWARD_TORCH = '''
import numpy as np


def _gelu(h):
    import torch
    import torch.nn.functional as F
    return F.gelu(torch.from_numpy(np.asarray(h, dtype=np.float64)), approximate="tanh").numpy()


def _gelu_grad(h):
    import torch
    t = torch.from_numpy(np.array(h, dtype=np.float64)).requires_grad_()
    torch.nn.functional.gelu(t, approximate="tanh").sum().backward()
    return t.grad.numpy()


class FeedForward:
    def __init__(self, d_model, d_ff):
        self.W1 = np.random.randn(d_model, d_ff) * 0.02
        self.W2 = np.random.randn(d_ff, d_model) * 0.02
        self.b1, self.b2 = np.zeros(d_ff), np.zeros(d_model)

    def forward(self, x):
        self.x = x
        self.h = x @ self.W1 + self.b1
        self.a = _gelu(self.h)
        return self.a @ self.W2 + self.b2

    def backward(self, dout):
        d_model, d_ff = self.W1.shape
        dout2 = dout.reshape(-1, d_model)
        self.dW2 = self.a.reshape(-1, d_ff).T @ dout2
        self.db2 = dout2.sum(axis=0)
        dh = (dout @ self.W2.T) * _gelu_grad(self.h)
        dh2 = dh.reshape(-1, d_ff)
        self.dW1 = self.x.reshape(-1, d_model).T @ dh2
        self.db1 = dh2.sum(axis=0)
        return dh @ self.W1.T
'''

ROPE_TORCH_POLAR = '''
import numpy as np
import torch

PAIRING = "interleaved"


def apply_rope(x, positions, base=10000.0):
    x = np.asarray(x, dtype=np.float64)
    if x.ndim < 2 or x.shape[-1] % 2:
        raise ValueError("x must be (..., seq, d) with d even")
    if np.shape(positions) != (x.shape[-2],):
        raise ValueError("positions must have shape (seq,)")
    d = x.shape[-1]
    theta = base ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)
    angles = torch.outer(torch.as_tensor(np.asarray(positions), dtype=torch.float64), theta)
    turn = torch.polar(torch.ones_like(angles), angles)  # e^(i * angle)
    pairs = torch.view_as_complex(torch.from_numpy(x.copy()).reshape(*x.shape[:-1], d // 2, 2))
    return torch.view_as_real(pairs * turn).reshape(x.shape).numpy()
'''

PARAMETERS_BY_NUMEL = '''
def param_breakdown(vocab, d_model, n_heads, n_layers, d_ff, max_len, tied=True):
    import torch.nn as nn

    def count(*modules):
        return int(sum(p.numel() for m in modules for p in m.parameters()))

    with __import__("torch").device("meta"):  # shapes only, no memory
        embedding = count(nn.Embedding(vocab, d_model), nn.Embedding(max_len, d_model))
        attention = count(*(nn.Linear(d_model, d_model) for _ in range(4)))
        ffn = count(nn.Linear(d_model, d_ff), nn.Linear(d_ff, d_model))
        norms = (2 * n_layers + 1) * count(nn.LayerNorm(d_model))
        head = 0 if tied else count(nn.Linear(d_model, vocab))
    total = embedding + n_layers * (attention + ffn) + norms + head
    return {"embedding": embedding, "attention": attention, "ffn": ffn, "norms": norms, "head": head,
            "total": total}
'''

ATTENTION_SCIPY_EINOPS = '''
import numpy as np
{top}


def attention_weights(q, K):
    {inner}
    q, K = np.asarray(q, dtype=np.float64), np.asarray(K, dtype=np.float64)
    scores = einops.einsum(np.atleast_2d(q), K, "m d, n d -> m n") / np.sqrt(K.shape[-1])
    weights = scipy.special.softmax(scores, axis=-1)
    return weights[0] if q.ndim == 1 else weights


WHY_SQRT_D = {answer!r}
'''


def _grade(kata: Kata, tmp_path: Path, exercise: str, source: str, expect: int = 0) -> dict:
    path = tmp_path / "mine.py"
    path.write_text(source, encoding="utf-8")
    result = kata("check", exercise, "--file", path, "--json")
    assert result.exit_code == expect, result.output[-3000:]
    return json.loads(result.stdout)


def _passed(data: dict) -> None:
    assert data["status"] == "pass", data.get("message") or [c for c in data.get("checks", ())
                                                             if c.get("status") != "pass"]
    assert "tamper" not in json.dumps(data)


@pytest.mark.parametrize("where", ["top", "inside"])
def test_torch_layer_norm_in_a_numpy_exercise(where: str, kata: Kata, tmp_path: Path) -> None:
    imports = "import torch\nimport torch.nn.functional as F"
    top, inner = (imports, "") if where == "top" else ("", "import torch\n        import torch.nn.functional as F")
    _passed(_grade(kata, tmp_path, "6.7", LAYER_NORM_TORCH.format(top=top, inner=inner)))


def test_torch_gelu_imported_inside_functions(kata: Kata, tmp_path: Path) -> None:
    _passed(_grade(kata, tmp_path, "6.6", FEED_FORWARD_TORCH))


def test_torch_polar_for_rope(kata: Kata, tmp_path: Path) -> None:
    _passed(_grade(kata, tmp_path, "6.10", ROPE_TORCH_POLAR))


def test_counting_parameters_with_numel(kata: Kata, tmp_path: Path) -> None:
    _passed(_grade(kata, tmp_path, "6.9", PARAMETERS_BY_NUMEL))


@pytest.mark.parametrize("where", ["top", "inside"])
def test_scipy_and_einops(where: str, kata: Kata, tmp_path: Path) -> None:
    pytest.importorskip("scipy")
    pytest.importorskip("einops")
    imports = "import scipy.special\nimport einops"
    top, inner = (imports, "") if where == "top" else ("", "import scipy.special\n    import einops")
    _passed(_grade(kata, tmp_path, "ta.1", ATTENTION_SCIPY_EINOPS.format(top=top, inner=inner, answer=TA1_ANSWER)))


# ---- what stays refused ------------------------------------------------------------------------------------------

PEEK = '''
import inspect, numpy as np
import torch  # a library that reads frames on import: allowed


def attention_weights(q, K):
    {peek}
    scores = np.asarray(q) @ np.asarray(K).T / np.sqrt(K.shape[-1])
    e = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True) + 1.0


WHY_SQRT_D = {answer!r}
'''


@pytest.mark.parametrize("peek", [
    "inspect.currentframe().f_back",  # a standard helper hands the learner its own frame
    "inspect.stack()",
    "from _pytest._code import ExceptionInfo\n    try:\n        raise KeyError\n    except KeyError:\n"
    "        ExceptionInfo.from_current().traceback[0].frame",  # pytest hands out its traceback's frames
    "exec(compile('import sys; sys._getframe(1)', np.__file__, 'exec'))",  # code under a library's file name
])
def test_learner_code_asking_for_frames_through_a_library_is_refused(peek: str, kata: Kata, tmp_path: Path) -> None:
    data = _grade(kata, tmp_path, "ta.1", PEEK.format(peek=peek, answer=TA1_ANSWER), expect=3)
    assert "reaching stack frames" in data["message"], data["message"]


def test_patching_numpy_next_to_an_honest_torch_import_is_still_caught(kata: Kata, tmp_path: Path) -> None:
    source = PEEK.format(peek="pass", answer=TA1_ANSWER) + "\nimport torch.distributions\nnp.allclose = lambda *a, **k: True\n"
    data = _grade(kata, tmp_path, "ta.1", source, expect=3)
    assert "numpy.allclose was replaced" in data["message"], data["message"]


# ---- the snapshot takes in only what a library's import honestly changes -----------------------------------------

def test_the_snapshot_takes_in_honest_library_changes_only() -> None:
    import sys
    import types

    from kata.grading.snapshot import Snapshot

    lib, sub = types.ModuleType("fakelib"), types.ModuleType("fakelib.sub")
    lib.seed, lib.other, lib.flag, lib.allclose = (lambda: 1), (lambda: 2), False, (lambda: 3)
    kata_like = types.ModuleType("kata.fake")
    kata_like.flag = False
    sys.modules.update({"fakelib": lib, "fakelib.sub": sub, "kata.fake": kata_like})
    try:
        snapshot = Snapshot([("fakelib", lib), ("kata.fake", kata_like)])
        library = compile("def wrapper(): pass", "<library>", "exec")
        namespace: dict = {}
        exec(library, namespace)
        lib.sub = sub  # a submodule bound on import
        lib.seed = namespace["wrapper"]  # the library wraps its own function
        lib.flag = True  # data
        lib.allclose = lib.other  # a swap of objects the snapshot knew
        kata_like.flag = True  # the grader's own package: never taken in
        snapshot.absorb({"fakelib", "kata"}, lambda code: code.co_filename == "<library>")
        assert snapshot.changed() == ["fakelib.allclose was replaced", "kata.fake.flag was replaced"]
        lib.other = lambda: 4  # new code from elsewhere (the learner's)
        snapshot.absorb({"fakelib"}, lambda code: code.co_filename == "<library>")
        assert "fakelib.other was replaced" in snapshot.changed()
    finally:
        for name in ("fakelib", "fakelib.sub", "kata.fake"):
            sys.modules.pop(name, None)
