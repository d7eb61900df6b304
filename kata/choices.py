"""Choice questions: how an "explain why" part becomes gradable without grading free text.

A question offers 3-5 options: one right, the others the misconceptions people really hold.
Each option carries its explanation, so a wrong pick fails with the reason it is wrong
(the feedback is the lesson). Questions are declared in the exercise package's
``questions.py`` as ``CHOICES = (Choice(...), ...)``; the statement shows them where it
says ``<!-- choices -->``; the learner sets a module-level constant per question.
No numpy here: the statement is rendered by cheap commands.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

MARKER = "<!-- choices -->"


@dataclass(frozen=True)
class Choice:
    """``name`` is the constant the learner sets (``WHY_RESIDUAL = "b"``)."""

    name: str
    question: str
    options: Mapping[str, str]  # letter -> option text
    answer: str  # the right letter
    why: Mapping[str, str]  # letter -> why that option is right or wrong

    def __post_init__(self) -> None:
        if self.answer not in self.options:
            raise ValueError(f"{self.name}: answer {self.answer!r} is not an option")
        if set(self.why) != set(self.options):
            raise ValueError(f"{self.name}: every option needs an explanation (why)")
        if not 3 <= len(self.options) <= 5:
            raise ValueError(f"{self.name}: offer 3 to 5 options")

    def verdict(self, picked: Any) -> str | None:
        """``None`` when ``picked`` is right, else the message a learner reads."""
        letters = ", ".join(f'"{k}"' for k in self.options)
        if picked is None:
            return f"`{self.name}` is still None: set it to one of {letters}"
        key = str(picked).strip().lower().strip("()")
        if key not in self.options:
            return f"`{self.name}` is {picked!r}; it should be one of {letters}"
        if key == self.answer:
            return None
        return f"`{self.name}` = \"{key}\" ({self.options[key]}) is not right: {self.why[key]}"


CLEAR_MARGIN = 1.25  # the right option is "longest by a clear margin" when it beats every wrong one by 25 %


def longest_flag(choice: Choice) -> str | None:
    """A problem line when the right option is the longest by a clear margin, else ``None``."""
    right = len(choice.options[choice.answer])
    wrong = max(len(t) for k, t in choice.options.items() if k != choice.answer)
    if right > CLEAR_MARGIN * wrong:
        return (f"choice {choice.name}: the right option ({right} characters) is longer than every wrong one "
                f"(at most {wrong}) by more than {round((CLEAR_MARGIN - 1) * 100)}%, so `pick the longest` "
                "guesses it; make the wrong options as long and specific")
    return None


def render(choices: tuple[Choice, ...]) -> str:
    """The questions as markdown, for the statement."""
    blocks = []
    for c in choices:
        options = "\n".join(f"  - `\"{k}\"`: {text}" for k, text in c.options.items())
        blocks.append(f"- **`{c.name}`**: {c.question}\n{options}")
    return "\n\n".join(blocks)


def choices_of(package: str) -> tuple[Choice, ...]:
    """The ``CHOICES`` of ``<package>.questions``, or none."""
    import importlib
    import importlib.util

    if importlib.util.find_spec(f"{package}.questions") is None:
        return ()
    return tuple(importlib.import_module(f"{package}.questions").CHOICES)
