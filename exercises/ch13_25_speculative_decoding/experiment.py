"""What `kata run 13.25` does with the learner's module: train a draft and a target, then measure decoding.

Artifacts (under the workspace's runs/ch13_25_speculative_decoding/): draft/ and target/ (checkpoint.pt,
log.jsonl), curves.png, metrics.json, report.md. Decoding runs in float64 so that the one-pass verification
and token-by-token greedy decoding cannot split a near-tie differently.
"""

from __future__ import annotations

import json
import statistics
import time

PROMPT_LEN = 16
K = 4
SHORT_MAX_NEW = 16


class Counted:
    """Wraps a model and counts its forward calls (the learner's statistics are never trusted)."""

    def __init__(self, model, on_call=None):
        self.model, self.block_size, self.calls, self.on_call = model, model.block_size, 0, on_call

    def __getattr__(self, name):  # parameters(), device and the like come from the wrapped model
        return getattr(self.__dict__["model"], name)

    def __call__(self, idx):
        self.calls += 1
        if self.on_call is not None:
            self.on_call()
        return self.model(idx)

    forward = __call__


def prompts_from(val_ids, count: int, length: int = PROMPT_LEN) -> list[int]:
    """Start offsets of ``count`` prompts spread evenly over the validation text."""
    span = len(val_ids) - length - 1
    return [int(span * (i + 0.5) / count) for i in range(count)]


def measure(learner, target, draft, val_ids, offsets, max_new, k=K):
    """One counted pass: identity with greedy decoding, target/draft calls, acceptance, the learner's stats."""
    rows = []
    for start in offsets:
        prompt = val_ids[start:start + PROMPT_LEN]
        want = learner.greedy_decode(target, prompt, max_new)
        t, d = Counted(target), Counted(draft)
        got, stats = learner.speculative_decode(t, d, prompt, k=k, max_new=max_new)
        rows.append({"start": start, "identical": bool(len(got) == len(want) and bool((got == want).all())),
                     "tokens": max_new, "target_calls": t.calls, "draft_calls": d.calls,
                     "reported": {key: float(value) for key, value in dict(stats).items()}})
    tokens = sum(r["tokens"] for r in rows)
    target_calls = sum(r["target_calls"] for r in rows)
    draft_calls = sum(r["draft_calls"] for r in rows)
    accepted = tokens - target_calls  # every round adds its accepted proposals plus the target's own token
    return {"rows": rows, "tokens": tokens, "target_calls": target_calls, "draft_calls": draft_calls,
            "accepted": accepted, "acceptance_rate": round(accepted / draft_calls, 6) if draft_calls else 0.0,
            "identical": all(r["identical"] for r in rows)}


def time_decoding(learner, target, draft, val_ids, offsets, max_new, repeats, k=K):
    """Wall-clock seconds of greedy and speculative decoding over all prompts, interleaved repeat by repeat."""
    greedy, spec = [], []
    prompts = [val_ids[s:s + PROMPT_LEN] for s in offsets]
    for r in range(repeats):
        order = ("greedy", "spec") if r % 2 == 0 else ("spec", "greedy")
        for which in order:
            tick = time.perf_counter()
            for prompt in prompts:
                if which == "greedy":
                    learner.greedy_decode(target, prompt, max_new)
                else:
                    learner.speculative_decode(target, draft, prompt, k=k, max_new=max_new)
            (greedy if which == "greedy" else spec).append(time.perf_counter() - tick)
    return greedy, spec


def speedup_of(greedy: list[float], spec: list[float]) -> float:
    return round(statistics.median(greedy) / statistics.median(spec), 6)


def run(learner, ctx):
    import torch

    from kata.training import plot_curves, train

    corpus = ctx.corpus()
    vocab = corpus.vocab.size
    # Try the decoding functions on untrained models first: a missing one stops here, before any training.
    torch.manual_seed(0)
    probe = learner.GPT(vocab, **learner.DRAFT_CONFIG).eval()
    probe_prompt = corpus.ids("val")[:4]
    learner.greedy_decode(probe, probe_prompt, 2)
    learner.speculative_decode(probe, probe, probe_prompt, k=2, max_new=3)

    training = dict(learner.TRAINING)
    results, models = {}, {}
    for name, config, seed in (("draft", learner.DRAFT_CONFIG, 0), ("target", learner.TARGET_CONFIG, 1)):
        settings = ctx.settings(short_steps=25, steps=training.get(f"{name}_steps", 600),
                                batch_size=training.get("batch_size", 32), lr=training.get("lr", 3e-3),
                                block_size=config["block_size"])
        torch.manual_seed(seed)
        model = learner.GPT(vocab, **config)
        meta = {"config": {**config, "vocab_size": vocab}, "corpus": corpus.source, "vocab": corpus.vocab.chars}
        results[name] = train(model, corpus.ids("train"), corpus.ids("val"), settings, ctx.run_dir(name),
                              name=f"{name} ({config['n_layer']} layer{'s' * (config['n_layer'] > 1)})", meta=meta,
                              fresh=ctx.fresh, reporter=ctx.reporter)
        models[name] = model.cpu().double().eval()
    plot_curves({n: r.history for n, r in results.items()}, ctx.root / "curves.png",
                "13.25: draft (1 layer) and target (4 layers)")

    target, draft = models["target"], models["draft"]
    val_ids = corpus.ids("val")
    count, repeats = (3, 3) if ctx.short else (8, 7)
    max_new = min(target.block_size, draft.block_size) - PROMPT_LEN
    if ctx.short:  # `kata verify`: the checks re-measure whatever the run decoded; a third of it proves as much
        max_new = min(max_new, SHORT_MAX_NEW)
    offsets = prompts_from(val_ids, count)
    counted = measure(learner, target, draft, val_ids, offsets, max_new)
    greedy, spec = time_decoding(learner, target, draft, val_ids, offsets, max_new, repeats)
    metrics = {"k": K, "prompt_len": PROMPT_LEN, "max_new": max_new, "offsets": offsets, **counted,
               "greedy_seconds": greedy, "speculative_seconds": spec,
               "greedy_median": statistics.median(greedy), "speculative_median": statistics.median(spec),
               "speedup": speedup_of(greedy, spec), "dtype": "float64", "threads": torch.get_num_threads()}
    (ctx.root / "metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    lines = [
        f"identical to the target's greedy decoding: {'yes' if counted['identical'] else 'NO'} "
        f"({count} prompts x {max_new} tokens)",
        f"target forward passes: {counted['target_calls']} for {counted['tokens']} tokens "
        f"({counted['tokens'] / max(counted['target_calls'], 1):.2f} tokens per pass); draft passes: "
        f"{counted['draft_calls']}",
        f"acceptance rate: {counted['acceptance_rate']:.6f} (k = {K})",
        f"speed-up: {metrics['speedup']:.6f} (median greedy {metrics['greedy_median'] * 1e3:.1f} ms vs median "
        f"speculative {metrics['speculative_median'] * 1e3:.1f} ms over {repeats} interleaved repeats)",
        f"validation loss: draft {results['draft'].val_loss:.3f}, target {results['target'].val_loss:.3f} nats/char",
    ]
    (ctx.root / "report.md").write_text("# 13.25 speculative decoding\n\n" + "\n\n".join(lines) + "\n",
                                        encoding="utf-8")
    return lines
