"""Can a choice question be passed without knowing anything? Measured, not hoped.

A learner who knows nothing still has strategies: pick the longest option, always answer
"b", take the first option, or take the one that sounds most technical (digits, symbols,
jargon). Each strategy is scored per track against chance (the sum of 1/options over the
questions); a fair question set leaves every strategy near chance. ``longest_flag`` (in :mod:`kata.choices`)
is the per-question version that ``Exercise.problems()`` (and so ``kata verify``) reports.
No numpy: this runs inside cheap commands.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable, Iterable

from kata.choices import CLEAR_MARGIN, Choice, longest_flag  # noqa: F401 (longest_flag: re-exported)

JARGON = frozenset("""
    gradient gradients jacobian variance softmax logits logit entropy norm normalisation normalization
    eigenvalue eigenvalues rank low-rank orthogonal rotation quadratic linear linearly asymptotic
    parameters parameter flops flop bytes memory bandwidth cache kv tokens token embedding embeddings
    matrix matrices vector vectors tensor dimension dimensions dimensional projection projections
    residual layernorm batchnorm rmsnorm attention causal mask masked bidirectional autoregressive
    covariance independent expectation exponentially exponential logarithmic saturation saturates
    kernel features feature bias weights weight optimizer adam decay scaling sqrt d_k d_model
""".split())
_TOKEN = re.compile(r"[A-Za-z_][A-Za-z_\-]*|\d+(?:\.\d+)?")
_SYMBOLS = set("=+*/^()[]<>~√·×≈∝²%_")


def technicality(text: str) -> int:
    """How technical an option sounds: digits, maths symbols and jargon words, each counted."""
    digits = sum(ch.isdigit() for ch in text)
    symbols = sum(ch in _SYMBOLS for ch in text)
    jargon = sum(tok.lower() in JARGON for tok in _TOKEN.findall(text))
    return digits + symbols + 2 * jargon


def _argmax(choice: Choice, measure: Callable[[str], float]) -> str:
    """The letter whose option scores highest; a tie goes to the earliest letter (what a guesser would do)."""
    return max(choice.options, key=lambda k: (measure(choice.options[k]), -list(choice.options).index(k)))


STRATEGIES: dict[str, Callable[[Choice], str]] = {
    "longest option": lambda c: _argmax(c, len),
    "most technical-sounding": lambda c: _argmax(c, technicality),
    "first option": lambda c: next(iter(c.options)),
    'always "a"': lambda c: "a",
    'always "b"': lambda c: "b",
    'always "c"': lambda c: "c",
    'always "d"': lambda c: "d",
}


@dataclass(frozen=True)
class TrackScore:
    """How one strategy does on one track's questions."""

    track: str
    strategy: str
    right: int
    questions: int
    chance: float  # expected right answers when guessing uniformly
    spread: float  # standard deviation of the number right when guessing uniformly

    @property
    def allowed(self) -> float:
        """The most a knowledge-free strategy may score: chance plus one standard deviation (at least one more)."""
        return self.chance + max(1.0, self.spread)

    @property
    def above_chance(self) -> bool:
        return self.right > self.allowed

    def line(self) -> str:
        mark = "ABOVE CHANCE" if self.above_chance else "ok"
        return (f"{self.track:>8}  {self.strategy:<24} {self.right:>3} of {self.questions:<3} "
                f"(chance {self.chance:.1f}, allowed {self.allowed:.1f})  {mark}")


def strategy_report(by_track: dict[str, Iterable[Choice]]) -> list[TrackScore]:
    """Every strategy scored on every track."""
    scores = []
    for track, choices in by_track.items():
        choices = list(choices)
        if not choices:
            continue
        chance = sum(1 / len(c.options) for c in choices)
        spread = math.sqrt(sum((1 / len(c.options)) * (1 - 1 / len(c.options)) for c in choices))
        for name, pick in STRATEGIES.items():
            right = sum(pick(c) == c.answer for c in choices)
            scores.append(TrackScore(track, name, right, len(choices), chance, spread))
    return scores


def choices_by_track(exercises: Iterable) -> dict[str, list[Choice]]:
    """The choice questions of ``exercises`` (objects with ``track`` and ``package``), grouped by track."""
    from kata.choices import choices_of

    grouped: dict[str, list[Choice]] = {}
    for ex in exercises:
        grouped.setdefault(ex.track, []).extend(choices_of(ex.package))
    return grouped


def main() -> None:
    """``python -m kata.authoring.choice_audit``: the per-track strategy report and every flagged question."""
    from kata.state.registry import load_registry

    exercises = load_registry().ordered()
    for score in strategy_report(choices_by_track(exercises)):
        print(score.line())
    from kata.choices import choices_of

    for ex in exercises:
        for flag in filter(None, map(longest_flag, choices_of(ex.package))):
            print(f"{ex.id}: {flag}")


if __name__ == "__main__":
    main()
