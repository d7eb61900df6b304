"""Exercise 13.24: an encoder-only classifier, pre-trained with masked LM and fine-tuned, via `kata run 13.24`."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.24",
        title="Project: an encoder-only classifier (masked-LM pre-training, then fine-tuning)",
        track="13",
        kind="project",
        framework="torch",
        points=14,
        package=__name__,
        after=("13.7", "6.mini"),
        why_it_matters=(
            "To see what pre-training buys, train the same classifier from random weights on the labels "
            "alone: the gap to your fine-tuned model is BERT's finding (Devlin et al., 2019)."
        ),
        experiment=f"{__name__}.experiment:run",
        time_limit=180,
        hints=(
            "Three pieces: `mlm_mask` corrupts token ids, `Encoder` turns ids into one vector per position, "
            "`EncoderClassifier` puts two linear heads on it (vocab logits per position; class logits from a pooled "
            "vector). The encoder is your GPT block stack without the causal mask.",
            "In `mlm_mask`, draw one uniform number per position for 'selected?' (< p, and only where the token is "
            "not in `special`) and a second one for what to do with it: < 0.8 -> mask_id, 0.8..0.9 -> a random "
            "ordinary token, the rest unchanged. Use `torch.rand(tokens.shape, generator=generator)` so a seed "
            "reproduces the masks, and never modify `tokens` in place.",
            "Padding: `pad_mask = tokens == pad_id` (B, T). In attention, `scores.masked_fill(pad_mask[:, None, None, "
            ":], float('-inf'))` hides padded keys from every query of every head; there is no `tril` anywhere. For "
            "`classify`, average the encoder states over the positions where `tokens != pad_id`.",
            "`labels = torch.where(selected, tokens, -100)`; random replacements: `ordinary = torch.tensor([i for i in "
            "range(vocab_size) if i not in special])` then `ordinary[torch.randint(len(ordinary), tokens.shape, "
            "generator=generator)]`; combine with two `torch.where`s.",
        ),
        mistakes=("causal mask in the encoder", "padding mask ignored", "every selected token becomes [MASK]",
                  "padding and special tokens masked"),
    ))
