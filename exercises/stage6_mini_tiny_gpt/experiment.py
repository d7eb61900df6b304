"""What `kata run 6.mini` does with the learner's module: train, sample, count, compare pre- and post-norm.

Artifacts (under the workspace's runs/stage6_mini_tiny_gpt/): main/ and post_norm/ (checkpoint.pt,
log.jsonl), loss_curve.png, prepost.png, samples.txt, breakdown.json, report.md.
"""

from __future__ import annotations

import json


def build(learner, vocab_size: int, norm: str = "pre"):
    import torch

    torch.manual_seed(0)
    return learner.GPT(vocab_size, **{**learner.CONFIG, "norm": norm})


def run(learner, ctx):
    import torch

    from kata.training import plot_curves, train

    corpus = ctx.corpus()
    config = {**learner.CONFIG, "vocab_size": corpus.vocab.size}
    training = dict(learner.TRAINING)
    settings = ctx.settings(short_steps=60, steps=training.get("steps", 600),
                            batch_size=training.get("batch_size", 32), lr=training.get("lr", 3e-3),
                            block_size=learner.CONFIG["block_size"])
    meta = {"config": config, "corpus": corpus.source, "vocab": corpus.vocab.chars}
    train_ids, val_ids = corpus.ids("train"), corpus.ids("val")
    model = build(learner, corpus.vocab.size)
    main = train(model, train_ids, val_ids, settings, ctx.run_dir("main"), name="pre-norm (main)",
                 meta={**meta, "norm": "pre"}, fresh=ctx.fresh, reporter=ctx.reporter)
    plot_curves({"main": main.history}, ctx.root / "loss_curve.png", "6.mini: training and validation loss")

    # The extension: the same model and data with post-norm blocks, a third of the steps.
    post_settings = settings.with_overrides(steps=max(1, settings.steps // 3),
                                            eval_every=max(1, settings.eval_every // 3),
                                            checkpoint_every=max(1, settings.checkpoint_every // 3))
    post = train(build(learner, corpus.vocab.size, "post"), train_ids, val_ids, post_settings,
                 ctx.run_dir("post_norm"), name="post-norm (extension)", meta={**meta, "norm": "post"},
                 fresh=ctx.fresh, reporter=ctx.reporter)
    pre_part = [row for row in main.history if row["step"] < post_settings.steps]
    plot_curves({"pre-norm": pre_part, "post-norm": post.history}, ctx.root / "prepost.png",
                "6.mini extension: pre-norm vs post-norm (same steps)")

    model.eval()
    torch.manual_seed(1)
    prompt = torch.tensor([corpus.vocab.encode("The ")], dtype=torch.long)
    count, length = (1, 40) if ctx.short else (3, 200)
    samples = [corpus.vocab.decode(model.generate(prompt, length, temperature=0.8)[0].tolist()) for _ in range(count)]
    (ctx.root / "samples.txt").write_text("\n\n----\n\n".join(samples), encoding="utf-8")
    breakdown = learner.param_breakdown(model)
    (ctx.root / "breakdown.json").write_text(json.dumps(breakdown, indent=2), encoding="utf-8")
    verdict = stability(pre_part, post.history)
    (ctx.root / "report.md").write_text(
        f"# 6.mini\n\nvalidation loss {main.val_loss:.3f} nats/char after {main.steps} steps "
        f"({main.seconds:.0f} s)\n\nparameters: {breakdown.get('total')}\n\n{verdict}\n", encoding="utf-8")
    return [f"validation loss {main.val_loss:.3f} nats/char after {main.steps} steps ({main.seconds:.0f} s)",
            verdict, f"sample: {samples[0][:120]!r}"]


def stability(pre: list[dict], post: list[dict]) -> str:
    """Which run trained more stably, judged by the spread of gradient norms and the loss reached."""
    def spread(rows):
        norms = [row["grad_norm"] for row in rows]
        mean = sum(norms) / len(norms)
        return (sum((n - mean) ** 2 for n in norms) / len(norms)) ** 0.5 / max(mean, 1e-12)

    a, b = spread(pre), spread(post)
    steadier = "pre-norm" if a <= b else "post-norm"
    return (f"More stable: {steadier} (relative spread of gradient norms: pre-norm {a:.2f}, post-norm {b:.2f}; "
            f"final training loss: pre-norm {pre[-1]['loss']:.3f}, post-norm {post[-1]['loss']:.3f})")
