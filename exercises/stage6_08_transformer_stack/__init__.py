"""Exercise 6.8: the full decoder-only Transformer stack, from given parts, in NumPy."""

from kata.exercise import Accepts, Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="6.8",
        title="Transformer: the full stack, tokens to logits",
        track="6",
        kind="implement",
        framework="numpy",
        points=10,
        package=__name__,
        after=("6.5", "6.6", "6.7"),
        why_it_matters=(
            "This tokens-to-logits stack is GPT-2's architecture; nanoGPT's GPT class is built from the same "
            "parts."
        ),
        time_limit=30,
        hints=(
            "Follow one batch through the model: token ids become vectors, the vectors learn where they are, "
            "the blocks refine them one after another, and a last projection turns each vector into one score "
            "per vocabulary entry.",
            "`self.embed.forward(tokens)` gives `(batch, seq, d_model)`; `self.pos_embed.forward(x)` returns `x` "
            "with the position vectors added (it does not take the tokens). A language model must not see the "
            "future: build `causal_mask(seq)` once, with `seq = tokens.shape[-1]`, and give it to every block.",
            "The blocks are a chain: each one takes the previous one's output, so reassign the same variable, "
            "`x = layer.forward(x, mask)`, inside the loop. Then `self.output.forward(x)` maps the last block's "
            "output to `(batch, seq, vocab_size)`.",
            "The whole body: `x = self.pos_embed.forward(self.embed.forward(tokens))`, "
            "`mask = causal_mask(tokens.shape[-1])`, `for layer in self.layers: x = layer.forward(x, mask)`, "
            "`return self.output.forward(x)`.",
        ),
        mistakes=("no causal mask", "positional encoding skipped", "layers not chained", "only the first layer",
                  "output projection missing", "output applied to the embedding"),
        # the probe's model: sizes that agree (d_model divisible by n_heads, max_len >= every seq); its token ids
        # are (batch, seq), the statement's only shape: each probe shape without its last axis
        accepts=Accepts(init={"vocab_size": 11, "d_model": 8, "n_heads": 2, "n_layers": 2, "d_ff": 16,
                              "max_len": 16}, shapes=((2, 5, 8), (1, 3, 8), (3, 1, 8), (2, 16, 8))),
    ))
