"""Checks for 6.mini: everything is re-measured from the saved run, nothing read from the learner's numbers."""

import json

import pytest
import torch

from exercises.stage6_mini_tiny_gpt.experiment import stability
from kata.model_probes import (anatomy, blocks_on_path, breakdown, breakdown_problem, logits_of,
                               measured_heads)
from kata.projects import corpus_from_meta, expect_curve_png, load_run, rebuild, run_root
from kata.testing import check, known, mismatch, points
from kata.training import evaluate

# Validation loss in nats per character, recomputed as test_validation_loss does (40 batches, seed 2024).
LOSS_TARGET = 2.0  # full run (not re-measured here); the bigram table's 2.42 stays above it
# Short `kata verify` run: the reference reaches 2.46; the same model after 1 step 4.07 (uniform guessing 4.63).
# Without its causal mask the short run 'reaches' 1.70, below even LOSS_TARGET: the causality gate stops it first.
SHORT_TARGET = 3.0
# Causality: the reference's earlier logits move by exactly 0 when later tokens change; without the causal mask
# (same weights) by 0.95, hence atol 1e-5.
CAUSAL_ATOL = 1e-5
# Greedy probe: at temperature 1e-3 a logit gap of 0.05 is 50 nats, so the runner-up is drawn with probability
# e^-50; the short-run reference has 2 of its 16 probe rows under it (gaps 0.049 and 0.001), which are skipped.
CLEAR_GAP = 0.05
# Norm placement, on new models whose LayerNorms start at weight 1, bias 0: a post-norm block's output is a
# LayerNorm's, so every row has mean 0 (float32: within 1e-7) and variance v / (v + eps) for its input's variance
# v: above 0.9 from v = 1e-4 (embeddings of std 0.01) up, and at most 1. A pre-norm block's output is the residual
# stream x + f(LN(x)), whose rows are not centred: the reference's row means reach 0.1 and more, and embeddings
# of std 0.02 still give row means of about 2e-3.
NORMED_MEAN, NORMED_VAR = 1e-4, (0.5, 1.0 + 1e-4)


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


@pytest.fixture(scope="module")
def config(main_run):
    return main_run["meta"]["config"]


@pytest.fixture(scope="module")
def found(model):
    """The model's blocks and their attention, found by behaviour on a two-token input (no names assumed)."""
    idx = torch.tensor([[1, 2]])
    return anatomy(model, lambda: logits_of(model, idx))


def architecture_problem(model, config, found) -> str | None:
    """At least 2 blocks on the path, 2 heads really computed, 64 dimensions, measured rather than declared."""
    if not found.blocks:
        return ("no stack of blocks found: keep the blocks in an nn.ModuleList (the statement calls it `blocks`), "
                "each block a module of the same class")
    idx = torch.randint(config["vocab_size"], (2, min(8, config["block_size"])),
                        generator=torch.Generator().manual_seed(4))
    used = blocks_on_path(model, found.blocks, idx)
    layers = sum(used)
    heads = [measured_heads(found.calls[id(a)]) if a is not None else None for a in found.attention]
    known_heads = [h for h in heads if h is not None]
    width = found.width or 0
    if not all(used):
        off = [str(i) for i, on in enumerate(used) if not on]
        return (f"changing the weights of block(s) {', '.join(off)} of {len(used)} leaves the logits unchanged: "
                f"only {layers} block(s) are on the model's path. Feed each block's output into the next "
                "(x = block(x) in the loop)")
    if known_heads and min(known_heads) < 2:
        return (f"the attention computes {min(known_heads)} head(s): its output is what a single attention over the "
                f"whole width gives, whatever n_head says. Split q, k and v into n_head slices of n_embd // n_head, "
                "attend in each, and concatenate")
    if layers < 2 or width < 64:
        return (f"the model has {layers} layers and {width} dimensions; the project asks for at least 2 layers, "
                "2 heads and 64 dimensions")
    return None


@points(2)
def test_architecture_limits(model, config, found):
    """the trained model has at least 2 layers on its path, 2 heads really computed and 64 dimensions"""
    problem = architecture_problem(model, config, found)
    check(problem is None, problem or "")


def causality_problem(model, config, reference) -> str | None:
    torch.manual_seed(3)
    vocab, block = config["vocab_size"], config["block_size"]
    idx = torch.randint(vocab, (2, block))
    changed = idx.clone()
    changed[:, block // 2:] = torch.randint(vocab, (2, block - block // 2))
    with torch.no_grad():
        before, after = logits_of(model, idx), logits_of(model, changed)
    problem = mismatch(after[:, :block // 2], before[:, :block // 2], atol=CAUSAL_ATOL, check_dtype=False,
                       what="logits of the positions before the changed tokens", against="the unchanged input's")
    return f"{problem}.\n{known(reference, 'no causal mask')}" if problem else None


@pytest.fixture(scope="module")
def causality(model, config, reference):
    return causality_problem(model, config, reference)


@points(1)
def test_model_is_causal(causality):
    """changing later tokens leaves the logits of earlier positions unchanged"""
    check(causality is None, causality or "")


@points(4)
def test_validation_loss(model, config, main_run, short_mode, causality):
    """the validation loss, recomputed on held-out text, is below 2.0 nats per character"""
    check(causality is None, "the validation loss does not count: your model is not causal (see the causality "
          "check), so it sees the very characters it is asked to predict and its loss measures nothing")
    corpus = corpus_from_meta(main_run["meta"]["corpus"])
    check(corpus.vocab.chars == main_run["meta"]["vocab"], "the run's vocabulary does not match its corpus: run "
          "`kata run 6.mini --fresh`")
    loss = evaluate(model, corpus.ids("val"), config["block_size"], 32, batches=40, seed=2024)
    target = SHORT_TARGET if short_mode else LOSS_TARGET
    check(loss < target, f"the validation loss of your saved model is {loss:.3f} nats per character (recomputed on "
          f"held-out text); it must be below {target}. Train longer or tune TRAINING, then `kata run 6.mini`.")


def generation_problem(model, config) -> str | None:
    """generate keeps the prompt, crops the context, and draws from the LAST position's distribution."""
    vocab, block = config["vocab_size"], config["block_size"]
    torch.manual_seed(5)
    prompt = torch.randint(vocab, (2, block - 3))
    out = model.generate(prompt, 10)
    if tuple(out.shape) != (2, block + 7):
        return (f"generate(prompt of shape {tuple(prompt.shape)}, 10) returned shape {tuple(out.shape)}, "
                f"expected {(2, block + 7)}")
    if not torch.equal(out[:, :block - 3], prompt):
        return "generate must keep the prompt and append after it"
    if not (bool(((out >= 0) & (out < vocab)).all()) and out.dtype == torch.long):
        return f"generated ids must be long integers in [0, {vocab})"
    return greedy_problem(model, vocab, block)


def greedy_problem(model, vocab, block) -> str | None:
    """At temperature 1e-3 sampling is the argmax: compare with the model's own logits at the last position."""
    g = torch.Generator().manual_seed(6)
    prompts = [torch.randint(vocab, (8, length), generator=g) for length in (5, block + 4)]
    for prompt in prompts:
        with torch.no_grad():
            logits = logits_of(model, prompt[:, -block:]).float()
        top = logits[:, -1].topk(2, dim=-1)
        clear = (top.values[:, 0] - top.values[:, 1]) > CLEAR_GAP  # no near-tie: sampling at 1e-3 is deterministic
        if not bool(clear.any()):
            continue
        rows = prompt[clear]
        torch.manual_seed(7)
        out = model.generate(rows, 1, temperature=1e-3)
        want = top.indices[clear, 0]
        got = out[:, -1]
        if not torch.equal(got.cpu(), want):
            length = prompt.shape[1]
            return (f"generate(prompt of length {length}, 1, temperature=1e-3) appended {got.tolist()[:6]}, but your "
                    f"model's most likely next tokens after those prompts (its logits at the last position"
                    f"{', of the last block_size tokens' if length > block else ''}) are {want.tolist()[:6]}: "
                    "sample from the last position's logits divided by temperature")
    return None


@points(1)
def test_generation(model, config, root):
    """generate extends a prompt with tokens drawn from the last position's distribution, also past the context"""
    problem = generation_problem(model, config)
    check(problem is None, problem or "")
    samples = root / "samples.txt"
    check(samples.is_file() and samples.read_text(encoding="utf-8").strip(), f"{samples} is missing or empty")


@points(1)
def test_loss_curve(root):
    """loss_curve.png is a real plot of the logged run"""
    expect_curve_png(root / "loss_curve.png", {"main": _history(root, "main")})


def parameter_problem(parts, model, config, found, reference) -> str | None:
    """The learner's breakdown against the counts found in the module tree (no reference names or classes)."""
    real = breakdown(model, found, config["vocab_size"], config["block_size"])
    problem = breakdown_problem(parts, real)
    if problem and isinstance(parts, dict) and real.positions and parts.get("embedding") == \
            real.counts["embedding"] - real.positions:
        problem = f"{problem}.\n{known(reference, 'breakdown without position embeddings')}"
    return problem


@points(2)
def test_parameter_breakdown(solution, reference, model, config, found, root):
    """param_breakdown matches the model's real parameter count, part by part"""
    parts = solution.param_breakdown(model)
    problem = parameter_problem(parts, model, config, found, reference)
    check(problem is None, problem or "")
    saved = json.loads((root / "breakdown.json").read_text(encoding="utf-8"))
    check(saved == parts, "breakdown.json is not what param_breakdown gives for the saved model: run `kata run` again")


def _normed_blocks(solution, config, norm, idx) -> list[bool]:
    """Per block of a new GPT(norm=norm), its norms reset to weight 1 and bias 0: is every output row normalised?"""
    torch.manual_seed(0)
    model = solution.GPT(**{**config, "norm": norm}).eval()
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torch.nn.LayerNorm) and module.weight is not None:
                module.weight.fill_(1.0)
                if getattr(module, "bias", None) is not None:
                    module.bias.zero_()
        found = anatomy(model, lambda: logits_of(model, idx))
    outputs = [found.calls[id(b)].output for b in found.blocks if id(b) in found.calls]
    outputs = [o if isinstance(o, torch.Tensor) else o[0] for o in outputs]
    low, high = NORMED_VAR
    rows = [(o.float().mean(-1), o.float().var(-1, unbiased=False)) for o in outputs]
    return [bool((m.abs() < NORMED_MEAN).all() and ((v > low) & (v < high)).all()) for m, v in rows]


def norm_placement_problem(solution, config) -> str | None:
    """norm='post' puts a norm after each residual (LN(x + f(x))): its blocks output normalised rows; 'pre' not."""
    idx = torch.randint(config["vocab_size"], (2, min(8, config["block_size"])),
                        generator=torch.Generator().manual_seed(8))
    pre, post = (_normed_blocks(solution, config, norm, idx) for norm in ("pre", "post"))
    if any(pre):
        return (f"GPT(norm='pre') has blocks whose output rows are all normalised (blocks {pre}, with new norms): "
                "the LayerNorm comes after the residual there, which is post-norm. With norm='pre' a block "
                "returns x + f(LN(x)): the norm only sees the sublayer's input")
    if post and not all(post):
        return (f"GPT(norm='post') has blocks whose output rows are not normalised (blocks {post}, with new norms): "
                "with norm='post' each sublayer's residual goes through a LayerNorm, LN(x + f(x)), so a block "
                "ends with a norm")
    return None


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
            outputs[norm] = logits_of(variant.eval(), idx)
    check(not torch.allclose(outputs["pre"], outputs["post"]),
          f"GPT(norm='post') computes exactly what GPT(norm='pre') does with the same weights.\n"
          f"{known(reference, 'post-norm flag ignored')}")
    problem = norm_placement_problem(solution, config)
    check(problem is None, problem or "")
    main, post = _history(root, "main"), _history(root, "post_norm")
    pre_part = [row for row in main if row["step"] < len(post)]
    verdict = stability(pre_part, post)
    report = (root / "report.md").read_text(encoding="utf-8")
    check(verdict in report, "report.md does not state the verdict the logs support: run `kata run 6.mini` again")
    expect_curve_png(root / "prepost.png", {"pre-norm": pre_part, "post-norm": post})
