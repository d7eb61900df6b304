"""Checks for 6.mini: everything is re-measured from the saved run, nothing read from the learner's numbers."""

import json

import pytest
import torch

from exercises.stage6_mini_tiny_gpt.experiment import stability
from kata.projects import corpus_from_meta, expect_curve_png, load_run, rebuild, run_root
from kata.testing import check, known, mismatch, points
from kata.training import evaluate

LOSS_TARGET = 2.0  # nats per character on the validation text
SHORT_TARGET = 3.0  # the short `kata verify` run: well below the 4.6 of a uniform guess, proving it learned


@pytest.fixture(scope="module")
def main_run(exercise, workspace):
    return load_run(workspace, exercise, "main")


@pytest.fixture(scope="module")
def root(exercise, workspace):
    return run_root(workspace, exercise)


@pytest.fixture(scope="module")
def model(solution, main_run):
    return rebuild(solution.GPT, main_run["meta"]["config"], main_run, "the main run")


def _history(root, name):
    path = root / name / "log.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@points(2)
def test_architecture_limits(model):
    """the trained model has at least 2 layers, 2 heads and 64 dimensions"""
    check(hasattr(model, "blocks") and hasattr(model, "tok_emb"), "keep the blocks in `self.blocks` and the token "
          "embedding in `self.tok_emb`, as the statement asks")
    layers, heads, width = len(model.blocks), getattr(model.blocks[0].attn, "n_head", 0), model.tok_emb.weight.shape[1]
    check(layers >= 2 and heads >= 2 and width >= 64,
          f"the model has {layers} layers, {heads} heads and {width} dimensions; the project asks for at least "
          "2 layers, 2 heads and 64 dimensions")


@points(1)
def test_model_is_causal(model, reference):
    """changing later tokens leaves the logits of earlier positions unchanged"""
    torch.manual_seed(3)
    vocab, block = model.head.weight.shape[0], model.block_size
    idx = torch.randint(vocab, (2, block))
    changed = idx.clone()
    changed[:, block // 2:] = torch.randint(vocab, (2, block - block // 2))
    with torch.no_grad():
        before, after = model(idx), model(changed)
    problem = mismatch(after[:, :block // 2], before[:, :block // 2], atol=1e-5, check_dtype=False,
                       what="logits of the positions before the changed tokens", against="the unchanged input's")
    check(problem is None, f"{problem}.\n{known(reference, 'no causal mask')}")


@points(4)
def test_validation_loss(model, main_run, short_mode):
    """the validation loss, recomputed on held-out text, is below 2.0 nats per character"""
    corpus = corpus_from_meta(main_run["meta"]["corpus"])
    check(corpus.vocab.chars == main_run["meta"]["vocab"], "the run's vocabulary does not match its corpus: run "
          "`kata run 6.mini --fresh`")
    loss = evaluate(model, corpus.ids("val"), model.block_size, 32, batches=40, seed=2024)
    target = SHORT_TARGET if short_mode else LOSS_TARGET
    check(loss < target, f"the validation loss of your saved model is {loss:.3f} nats per character (recomputed on "
          f"held-out text); it must be below {target}. Train longer or tune TRAINING, then `kata run 6.mini`.")


@points(1)
def test_generation(model, root):
    """generate extends a prompt with valid tokens, also past the context length"""
    vocab, block = model.head.weight.shape[0], model.block_size
    torch.manual_seed(5)
    prompt = torch.randint(vocab, (2, block - 3))
    out = model.generate(prompt, 10)
    check(tuple(out.shape) == (2, block + 7), f"generate(prompt of shape {tuple(prompt.shape)}, 10) returned shape "
          f"{tuple(out.shape)}, expected {(2, block + 7)}")
    check(torch.equal(out[:, :block - 3], prompt), "generate must keep the prompt and append after it")
    check(bool(((out >= 0) & (out < vocab)).all()) and out.dtype == torch.long, "generated ids must be long "
          f"integers in [0, {vocab})")
    samples = root / "samples.txt"
    check(samples.is_file() and samples.read_text(encoding="utf-8").strip(), f"{samples} is missing or empty")


@points(1)
def test_loss_curve(root):
    """loss_curve.png is a real plot of the logged run"""
    expect_curve_png(root / "loss_curve.png", {"main": _history(root, "main")})


@points(2)
def test_parameter_breakdown(solution, reference, model, root):
    """param_breakdown matches the model's real parameter count"""
    parts = solution.param_breakdown(model)
    keys = {"embedding", "attention", "mlp", "norms", "head", "total"}
    check(isinstance(parts, dict) and keys <= set(parts), f"param_breakdown must return a dict with keys {sorted(keys)}")
    real = sum(p.numel() for p in model.parameters())
    embeddings = sum(p.numel() for m in model.modules() if isinstance(m, torch.nn.Embedding) for p in m.parameters())
    norms = sum(p.numel() for m in model.modules() if isinstance(m, torch.nn.LayerNorm) for p in m.parameters())
    mine = reference.param_breakdown(model)  # the same model, counted by the reference
    problem = known(reference, "breakdown without position embeddings") if parts["embedding"] != embeddings else ""
    check(parts["embedding"] == embeddings, f"embedding is {parts['embedding']:,}, but the model's embeddings hold "
          f"{embeddings:,}.\n{problem}")
    check(parts["total"] == real, f"total is {parts['total']:,} but the model has {real:,} parameters")
    check(parts["norms"] == norms, f"norms is {parts['norms']:,}, but the model's LayerNorms hold {norms:,}")
    check(sum(parts[k] for k in keys - {"total"}) == parts["total"], "the parts do not add up to total")
    check(mine["total"] == real, "internal: the reference count disagrees with the model")
    saved = json.loads((root / "breakdown.json").read_text(encoding="utf-8"))
    check(saved == parts, "breakdown.json is not what param_breakdown gives for the saved model: run `kata run` again")


@points(1)
def test_pre_vs_post_extension(solution, reference, model, main_run, root, exercise, workspace):
    """the post-norm run exists, norm='post' changes the architecture, and the report's verdict matches the logs"""
    load_run(workspace, exercise, "post_norm")
    config = dict(main_run["meta"]["config"])
    torch.manual_seed(7)
    idx = torch.randint(config["vocab_size"], (1, 8))
    outputs = {}
    for norm in ("pre", "post"):
        variant = solution.GPT(**{**config, "norm": norm})
        variant.load_state_dict(model.state_dict())
        with torch.no_grad():
            outputs[norm] = variant.eval()(idx)
    check(not torch.allclose(outputs["pre"], outputs["post"]),
          f"GPT(norm='post') computes exactly what GPT(norm='pre') does with the same weights.\n"
          f"{known(reference, 'post-norm flag ignored')}")
    main, post = _history(root, "main"), _history(root, "post_norm")
    pre_part = [row for row in main if row["step"] < len(post)]
    verdict = stability(pre_part, post)
    report = (root / "report.md").read_text(encoding="utf-8")
    check(verdict in report, "report.md does not state the verdict the logs support: run `kata run 6.mini` again")
    expect_curve_png(root / "prepost.png", {"pre-norm": pre_part, "post-norm": post})
