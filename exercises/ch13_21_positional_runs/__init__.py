"""Exercise 13.21: sinusoidal vs learned positions in the given GPT, trained with `kata run 13.21`."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.21",
        title="Sinusoidal vs learned positions: train the GPT both ways (PyTorch)",
        track="13",
        kind="project",
        framework="torch",
        points=12,
        package=__name__,
        after=("13.15", "6.mini"),
        experiment=f"{__name__}.experiment:run",
        time_limit=180,
        hints=(
            "Both modules do the same thing in `forward`: take the token embeddings x of shape (B, T, C) and "
            "return x plus the first T rows of a (block_size, C) table. Only where the table comes from differs: "
            "a formula (fixed) or a learned weight (trained with the rest of the model).",
            "Sinusoidal: pair the columns. Column 2i gets sin(pos * w_i) and column 2i+1 gets cos(pos * w_i), "
            "with w_i = 10000 ** (-2i / C). `torch.arange(0, C, 2)` already gives the 2i values. Store the table "
            "with `self.register_buffer(\"pe\", table)` so it follows `.to(device)` but is not trained.",
            "Learned: `self.weight = nn.Parameter(torch.randn(block_size, C) * 0.02)`. A plain tensor attribute "
            "would be invisible to the optimizer and to the checkpoint: the model would train with frozen random "
            "positions.",
            "In forward, the time axis is axis 1: `x + self.pe[: x.size(1)]` (shape (T, C) broadcasts over the "
            "batch). `self.pe[: x.size(0)]` is the sequence-first habit of older tutorials and indexes by batch. "
            "The table: `pos = torch.arange(block_size).unsqueeze(1)`, `w = 10000.0 ** (-torch.arange(0, C, 2) / C)`, "
            "`pe[:, 0::2] = torch.sin(pos * w)`, `pe[:, 1::2] = torch.cos(pos * w)`.",
        ),
        mistakes=("sin and cos swapped", "wrong frequency exponent", "learned positions not a parameter",
                  "positions indexed by batch"),
    ))
