"""Exercise 6.mini: a tiny GPT language model, trained with `kata run 6.mini`."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="6.mini",
        title="Mini-project: a tiny GPT that learns to write",
        track="6",
        kind="project",
        framework="torch",
        points=12,
        package=__name__,
        after=("6.8",),
        experiment=f"{__name__}.experiment:run",
        time_limit=180,
        hints=(
            "Start from the blocks you already wrote: token + position embeddings, a stack of pre-norm blocks "
            "(causal self-attention, then an MLP), a final LayerNorm and a linear head to vocab_size logits.",
            "The causal mask is what makes this a language model: position t may only attend to 0..t. Register it "
            "as a buffer (`torch.tril(torch.ones(block_size, block_size, dtype=torch.bool))`) and fill the hidden "
            "scores with -inf before the softmax.",
            "`generate` loops max_new_tokens times: crop the context to the last block_size tokens, take the logits "
            "of the last position, divide by the temperature, softmax, `torch.multinomial`, append.",
            "If the validation loss stalls above 2.0, train longer (TRAINING['steps']), widen the model (n_embd 128), "
            "or raise the learning rate a little (3e-3 works for this size). `kata run 6.mini` resumes; "
            "`--fresh` starts over.",
        ),
        mistakes=("no causal mask", "breakdown without position embeddings", "post-norm flag ignored"),
    ))
