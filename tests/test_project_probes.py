"""6.mini's structural checks judge behaviour, never the reference's names: right models written other ways
pass, models that only declare heads, blocks or a last-position sampler fail, each with its own message."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import torch

from kata.model_probes import anatomy, logits_of
from kata.registry import load_registry

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
