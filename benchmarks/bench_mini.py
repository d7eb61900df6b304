"""How long the reference 6.mini takes to reach a validation loss below 2.0 nats/char on the built-in corpus.

    python benchmarks/bench_mini.py [--threads 2] [--limit-steps 1500]

Trains the reference model with the exercise's own settings, evaluating every 50 steps, and prints the
seconds and steps to the target (issue 5's target: within 30 s on 2 CPU cores).
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--limit-steps", type=int, default=1500)
    args = parser.parse_args()

    import torch

    from kata.trainer.loop import evaluate, get_batch, lm_loss
    from kata.trainer.projects import make_corpus

    torch.set_num_threads(args.threads)
    reference = importlib.import_module("reference.stage6_mini_tiny_gpt")
    corpus = make_corpus(None)
    train_ids, val_ids = corpus.ids("train"), corpus.ids("val")
    torch.manual_seed(0)
    model = reference.GPT(corpus.vocab.size, **reference.CONFIG)
    optimizer = torch.optim.AdamW(model.parameters(), lr=reference.TRAINING["lr"], weight_decay=0.01)
    generator = torch.Generator().manual_seed(0)
    block, batch = reference.CONFIG["block_size"], reference.TRAINING["batch_size"]
    start = time.perf_counter()
    for step in range(1, args.limit_steps + 1):
        x, y = get_batch(train_ids, block, batch, generator)
        loss = lm_loss(model, x, y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        if step % 50 == 0:
            val = evaluate(model, val_ids, block, batch, 16, seed=1)
            elapsed = time.perf_counter() - start
            print(f"step {step}: validation loss {val:.3f} after {elapsed:.1f} s", flush=True)
            if val < 2.0:
                verdict = "ok" if elapsed <= 30 else "OVER TARGET"
                print(f"reached < 2.0 nats/char in {elapsed:.1f} s, {step} steps, {args.threads} threads "
                      f"(target <= 30 s) {verdict}")
                return 0 if elapsed <= 30 else 1
    print(f"did not reach 2.0 within {args.limit_steps} steps")
    return 1


if __name__ == "__main__":
    sys.exit(main())
