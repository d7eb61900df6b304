"""Exercise ex.1: softmax with a temperature, in NumPy."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="ex.1",
        title="Softmax with a temperature",
        track="ex",
        kind="implement",
        framework="numpy",
        points=5,
        package=__name__,
        reference="kata_example_pack.reference.softmax_temperature",
        checks="kata_example_pack.checks.softmax_temperature",
        time_limit=20,
        hints=(
            "Divide the logits by the temperature first, then take an ordinary softmax over the last axis.",
            "Subtract the row maximum before `np.exp`: `z - z.max(axis=-1, keepdims=True)`. The result is the same "
            "and exp never overflows, even for logits of 1000.",
            "A temperature of 0 or below has no meaning here: check it first and raise ValueError.",
        ),
        mistakes=("no max subtraction", "multiplied by the temperature", "axis 0", "temperature not checked"),
    ))
