"""6.mini's structural checks judge behaviour, never the reference's names: right models written other ways
pass, models that only declare heads, blocks or a last-position sampler fail, each with its own message."""

from __future__ import annotations

import importlib.util
import inspect
from pathlib import Path

import pytest
import torch

from kata.checking.model_probes import anatomy, logits_of
from kata.state.registry import load_registry

FILES = Path(__file__).parent / "learner_files" / "stage6_mini"
CONFIG = dict(vocab_size=40, n_layer=2, n_head=4, n_embd=64, block_size=16, dropout=0.0)
RIGHT = ("nanogpt_style", "norm_ffn_names", "position_parameter", "own_layer_norm", "reference")


def _learner(name: str):
    path = Path(__file__).resolve().parents[1] / "reference" / "stage6_mini_tiny_gpt.py" if name == "reference" \
        else FILES / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"learner_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    """Small models on a shared machine: one thread is many times faster than contended ones."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def checks():
    import checks.stage6_mini_tiny_gpt as module

    return module


@pytest.fixture(scope="module")
def reference():
    return _learner("reference")


def _built(name: str):
    learner = _learner(name)
    torch.manual_seed(0)
    model = learner.GPT(**CONFIG).eval()
    idx = torch.tensor([[1, 2]])
    return learner, model, anatomy(model, lambda: logits_of(model, idx))


@pytest.mark.parametrize("name", RIGHT)
def test_right_models_written_other_ways_pass_every_structural_check(checks, reference, name: str) -> None:
    learner, model, found = _built(name)
    assert checks.architecture_problem(model, CONFIG, found) is None
    assert checks.causality_problem(model, CONFIG, reference) is None
    assert checks.generation_problem(model, CONFIG) is None
    assert checks.parameter_problem(learner.param_breakdown(model), model, CONFIG, found, reference) is None


@pytest.mark.parametrize("name, problem, says", [
    ("wrong_one_head", "architecture_problem", "computes 1 head"),
    ("wrong_unchained", "architecture_problem", "only 1 block(s) are on the model's path"),
])
def test_declared_but_not_computed_architecture_fails(checks, name: str, problem: str, says: str) -> None:
    _, model, found = _built(name)
    message = getattr(checks, problem)(model, CONFIG, found)
    assert message and says in message, message


def test_generate_from_the_first_position_fails(checks) -> None:
    _, model, _ = _built("wrong_generate_first")
    message = checks.generation_problem(model, CONFIG)
    assert message and "last position" in message, message


def test_a_peeking_model_fails_causality_and_names_the_mistake(checks, reference) -> None:
    _, model, _ = _built("wrong_peeking")
    message = checks.causality_problem(model, CONFIG, reference)
    assert message and "no causal mask" in message, message


def test_a_breakdown_without_positions_is_named_and_a_wrong_norm_count_is_refused(checks, reference) -> None:
    learner, model, found = _built("position_parameter")
    parts = learner.param_breakdown(model)
    short = {**parts, "embedding": parts["embedding"] - 16 * 64, "total": parts["total"] - 16 * 64}
    message = checks.parameter_problem(short, model, CONFIG, found, reference)
    assert message and "breakdown without position embeddings" in message, message
    moved = {**parts, "norms": parts["norms"] - 64, "mlp": parts["mlp"] + 64}
    message = checks.parameter_problem(moved, model, CONFIG, found, reference)
    assert message and "norms is" in message and "known mistake" not in message, message


def test_the_loss_check_refuses_a_model_that_is_not_causal(checks) -> None:
    source = Path(checks.__file__).read_text(encoding="utf-8")
    assert "causality is None" in source.split("def test_validation_loss")[1].split("\n\n\n")[0]


def test_every_model_file_here_is_a_6mini_answer() -> None:
    exercise = load_registry(env={}, entry_points=False).get("6.mini")
    assert exercise is not None and {p.stem for p in FILES.glob("*.py")} >= set(RIGHT) - {"reference"}


def test_13_22_names_an_rmsnorm_mistake_only_among_rmsnorm_mistakes() -> None:
    import numpy as np

    import checks.ch13_22_rmsnorm_swiglu as rms_checks
    import reference.ch13_22_rmsnorm_swiglu as ref
    from kata.checking.compare import CheckFailure
    from kata.mistakes import find

    no_eps = find(ref, "RMSNorm without eps").apply(ref)
    for shape, eps, scale in (((1, 1, 6), 1e-6, 10.0), ((4, 8), 1e-6, 1.0)):  # at scale 10 eps barely shows
        with pytest.raises(CheckFailure) as failed:
            rms_checks.test_rmsnorm_matches_torch(no_eps, ref, shape, eps, scale, np.random.default_rng(0))
        assert "sigmoid" not in str(failed.value) and "SiLU" not in str(failed.value), str(failed.value)
    assert "RMSNorm without eps" in str(failed.value)


def _encoder_model(attention=None):
    import reference.ch13_24_encoder_classifier as ref

    torch.manual_seed(0)
    model = ref.EncoderClassifier(30, 32, 4, 2, 16).eval()
    for block in model.encoder.blocks:
        block.attn.__class__ = attention or block.attn.__class__
    return ref, model


def test_13_24_a_fully_masked_row_is_not_called_padding_mask_ignored() -> None:
    import checks.ch13_24_encoder_classifier as enc_checks
    import reference.ch13_24_encoder_classifier as ref

    class QueriesMaskedToo(ref.SelfAttention):  # padded queries see no key at all: softmax of all -inf is NaN
        def forward(self, x, pad_mask):
            B, T, C = x.shape
            q, k, v = self.qkv(x).split(C, dim=-1)
            q, k, v = (t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) for t in (q, k, v))
            scores = q @ k.transpose(-2, -1) / C ** 0.5
            both = pad_mask[:, None, None, :] | pad_mask[:, None, :, None]
            y = torch.softmax(scores.masked_fill(both, float("-inf")), dim=-1) @ v
            return self.proj(y.transpose(1, 2).reshape(B, T, C))

    _, model = _encoder_model(QueriesMaskedToo)
    message = enc_checks.padding_problem(model, ref)
    assert message and "NaN" in message and "padding mask ignored" not in message, message
    _, model = _encoder_model(ref._NoPadMaskAttention)
    assert "padding mask ignored" in (enc_checks.padding_problem(model, ref) or "")
    _, model = _encoder_model()
    assert enc_checks.padding_problem(model, ref) is None


@pytest.mark.parametrize("storage", ["parameter_1TC", "embedding"])
def test_13_21_a_learned_table_held_another_valid_way_passes(storage: str) -> None:
    import types

    import numpy as np

    import checks.ch13_21_positional_runs as pos_checks
    import reference.ch13_21_positional_runs as ref

    class Learned(torch.nn.Module):
        def __init__(self, block_size, n_embd):
            super().__init__()
            if storage == "embedding":
                self.table = torch.nn.Embedding(block_size, n_embd)
                torch.nn.init.normal_(self.table.weight, std=0.02)
            else:
                self.table = torch.nn.Parameter(torch.randn(1, block_size, n_embd) * 0.02)

        def forward(self, x):
            T = x.shape[1]
            if storage == "embedding":
                return x + self.table(torch.arange(T, device=x.device))
            return x + self.table[:, :T]

    learner = types.SimpleNamespace(LearnedPositionalEmbedding=Learned,
                                    SinusoidalPositionalEncoding=ref.SinusoidalPositionalEncoding)
    pos_checks.test_learned_parameter_count(learner, ref, (16, 8))
    pos_checks.test_added_to_x(learner, ref, "learned", (2, 5, 8), np.random.default_rng(0))


def test_a_module_that_mixes_positions_makes_the_given_gpt_leak_and_its_loss_not_count() -> None:
    from kata.checking.model_probes import future_leak
    from kata.trainer.gpt import GPT

    class NormAcrossPositions(torch.nn.Module):  # statistics over the sequence axis: later tokens reach earlier
        def __init__(self, dim):
            super().__init__()
            self.weight = torch.nn.Parameter(torch.ones(dim))

        def forward(self, x):
            return x / x.pow(2).mean(-2, keepdim=True).add(1e-6).sqrt() * self.weight

    torch.manual_seed(0)
    honest = GPT(30, 16, 2, 4, 32).eval()
    torch.manual_seed(0)
    leaking = GPT(30, 16, 2, 4, 32, norm=NormAcrossPositions).eval()
    assert future_leak(honest, 30, 16) < 1e-6
    assert future_leak(leaking, 30, 16) > 1e-3
    from kata.trainer.gpt import reevaluate

    source = inspect.getsource(reevaluate)  # wherever kata.trainer.gpt keeps it
    assert source.index("future_leak(") < source.index("validation_loss("), "causality before the loss"
