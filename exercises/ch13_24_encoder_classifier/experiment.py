"""What `kata run 13.24` does with the learner's module: masked-LM pre-training, then fine-tuning to classify.

Data (kata/sentiment.py): the generated sentiment set, or the aclImdb folder ``--corpus`` names (the folder
or a file in it, e.g. ``aclImdb/README``). The reviews are tokenised by words, ``[CLS]`` first, padded with
``[PAD]`` to ``CONFIG['max_len']``. Pre-training corrupts the training reviews with the learner's ``mlm_mask``
(the labels are not used); fine-tuning trains the classification head and the encoder on the labels.

Both stages use :func:`kata.training.train` (logged, checkpointed, resumable). That loop draws windows from a
1-D id tensor; here the "ids" are example indices and a window of one index picks one review, so a batch is
``batch_size`` reviews drawn by the run's seeded generator.

Artifacts under the workspace's runs/ch13_24_encoder_classifier/: pretrain/ and finetune/ (checkpoint.pt,
log.jsonl), loss_curve.png, metrics.json.
"""

from __future__ import annotations

import json

DATA_SEED = 0  # the split never depends on --seed, so every run is tested on the same held-out reviews
SHORT_PRETRAIN, SHORT_FINETUNE = 60, 150


def encode(data, vocab, max_len: int):
    """Token ids (N, max_len) and labels (N,) of one split's ``(text, label)`` pairs."""
    import torch

    tokens = torch.tensor([vocab.encode(text, max_len) for text, _ in data], dtype=torch.long)
    return tokens, torch.tensor([label for _, label in data], dtype=torch.long)


def trim(tokens):
    """Drop the columns that are padding in every row (an encoder with a padding mask gives the same states)."""
    from kata.sentiment import PAD

    return tokens[:, :max(1, int((tokens != PAD).sum(1).max()))]


def accuracy(model, tokens, labels, batch: int = 512) -> float:
    """Fraction of reviews whose argmax class is the label; the model's mode is restored."""
    import torch

    was_training = model.training
    model.eval()
    device = next(model.parameters()).device
    right = 0
    with torch.no_grad():
        for start in range(0, len(tokens), batch):
            logits = model.classify(tokens[start:start + batch].to(device))
            right += int((logits.argmax(-1).cpu() == labels[start:start + batch]).sum())
    model.train(was_training)
    return right / max(len(tokens), 1)


def mlm_loss_fn(learner, tokens, vocab_size: int):
    """A loss for train(): masked-LM cross-entropy of the reviews whose indices the batch holds."""
    import torch
    from torch.nn import functional as F

    from kata.sentiment import MASK

    def loss(model, x, y):
        index = x[:, 0].cpu()
        # training: the mask stream follows the run's (checkpointed) torch RNG; evaluation: fixed by the batch
        seed = int(torch.randint(2 ** 62, (1,))) if model.training else int(index.sum()) + 7
        inputs, labels = learner.mlm_mask(trim(tokens[index]), MASK, vocab_size, torch.Generator().manual_seed(seed))
        device = next(model.parameters()).device
        logits = model.mlm_logits(inputs.to(device))
        return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), labels.to(device).reshape(-1), ignore_index=-100)

    return loss


def classify_loss_fn(tokens, labels):
    from torch.nn import functional as F

    def loss(model, x, y):
        index = x[:, 0].cpu()
        device = next(model.parameters()).device
        return F.cross_entropy(model.classify(trim(tokens[index]).to(device)), labels[index].to(device))

    return loss


def run(learner, ctx):
    import torch

    from kata.sentiment import WordVocab, bag_of_words_accuracy, load_sentiment
    from kata.training import plot_curves, train

    data = load_sentiment(ctx.corpus_path, seed=DATA_SEED)
    min_count = 1 if data.source["kind"] == "generated" else 2
    vocab = WordVocab.from_texts([text for text, _ in data.train], max_size=20000, min_count=min_count)
    config = {**learner.CONFIG, "vocab_size": vocab.size}
    max_len = config["max_len"]
    splits = {name: encode(data.split(name), vocab, max_len) for name in ("train", "val", "test")}
    tokens = torch.cat([splits["train"][0], splits["val"][0]])
    labels = torch.cat([splits["train"][1], splits["val"][1]])
    n_train, n_val = len(splits["train"][0]), len(splits["val"][0])
    train_ids, val_ids = torch.arange(n_train), torch.arange(n_train, n_train + n_val)
    training = dict(learner.TRAINING)
    common = dict(batch_size=training.get("batch_size", 64), lr=training.get("lr", 2e-3), block_size=1,
                  eval_batches=8)
    meta = {"config": config, "vocab": list(vocab.words), "data": data.source}

    pre_steps = training.get("pretrain_steps", 400)
    pre_settings = ctx.settings(short_steps=SHORT_PRETRAIN, steps=pre_steps, eval_every=max(1, pre_steps // 4),
                                checkpoint_every=max(1, pre_steps // 4), **common)
    torch.manual_seed(pre_settings.seed)
    model = learner.EncoderClassifier(**config)
    pre = train(model, train_ids, val_ids, pre_settings, ctx.run_dir("pretrain"), name="masked-LM pre-training",
                meta={**meta, "stage": "pretrain"}, fresh=ctx.fresh, reporter=ctx.reporter,
                loss_fn=mlm_loss_fn(learner, tokens, vocab.size))

    fine_steps = training.get("finetune_steps", 400)
    fine_settings = ctx.settings(short_steps=SHORT_FINETUNE, steps=fine_steps, eval_every=max(1, fine_steps // 4),
                                 checkpoint_every=max(1, fine_steps // 4), **common)
    fine = train(model, train_ids, val_ids, fine_settings, ctx.run_dir("finetune"), name="fine-tuning",
                 meta={**meta, "stage": "finetune"}, fresh=ctx.fresh, reporter=ctx.reporter,
                 loss_fn=classify_loss_fn(tokens, labels))
    plot_curves({"pretrain": pre.history, "finetune": fine.history}, ctx.root / "loss_curve.png",
                "13.24: masked-LM pre-training, then fine-tuning")

    model.to("cpu")
    metrics = {
        "data": data.source["kind"], "examples": {k: len(v[0]) for k, v in splits.items()},
        "pretrain": {"steps": pre.steps, "val_mlm_loss": pre.val_loss, "seconds": round(pre.seconds, 2)},
        "finetune": {"steps": fine.steps, "val_loss": fine.val_loss, "seconds": round(fine.seconds, 2)},
        "val_accuracy": accuracy(model, *splits["val"]), "test_accuracy": accuracy(model, *splits["test"]),
        "bag_of_words_test_accuracy": bag_of_words_accuracy(data.train, data.test),
    }
    (ctx.root / "metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    return [f"masked-LM validation loss {pre.val_loss:.3f} after {pre.steps} steps ({pre.seconds:.0f} s)",
            f"test accuracy {metrics['test_accuracy']:.3f} (validation {metrics['val_accuracy']:.3f}; a bag of "
            f"words reaches {metrics['bag_of_words_test_accuracy']:.3f}) after {fine.steps} fine-tuning steps "
            f"({fine.seconds:.0f} s)"]
