"""The declarative description of one exercise.

An :class:`Exercise` is cheap metadata: text lives in files of the exercise's
package, the reference and the checks are import strings resolved only while
grading. Plugins build these and hand them to ``register``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("concept", "numeric", "implement", "theory", "project")
FRAMEWORKS = ("numpy", "torch", "python")

TRACKS = {
    "6": ("stage6", "Stage 6: the transformer block"),
    "13": ("chapter13", "Chapter 13: attention and transformers"),
    "ta": ("drills", "Transformer-architecture drills"),
    "lab00": ("lab00", "Lab 00: one block by hand"),
}


@dataclass(frozen=True)
class Accepts:
    """What a statement accepts besides the reference's own answer.

    `kata verify --mutants` counts a mutant that no check kills as equivalent (another right answer, not a
    survivor) when it stays inside this: numbers within ``rtol`` of the reference's (13.17 asks for a count
    within 5%), inputs of only the ``shapes`` the statement allows, integer arguments of only the sizes it is
    about (``ints``, in parameter order, instead of small and edge values), or, where the answer is the
    learner's own choice and the checks decide whether it is right, any answer (``any_answer`` says why).
    ``init`` names the constructor arguments the probe builds a class with (``{"vocab_size": 11, ...}``,
    kept as pairs so the declaration stays hashable): a class whose sizes must agree needs them.
    """

    rtol: float = 0.0
    shapes: tuple[tuple[int, ...], ...] = ()
    ints: tuple[int, ...] = ()
    any_answer: str = ""
    init: dict[str, int] | tuple[tuple[str, int], ...] = ()

    def __post_init__(self) -> None:
        pairs = self.init.items() if isinstance(self.init, dict) else self.init
        object.__setattr__(self, "init", tuple((str(k), v) for k, v in pairs))


@dataclass(frozen=True)
class Exercise:
    """One kata.

    ``package`` is the import name of the package holding ``statement.md`` and
    ``stub.py``; ``reference`` and ``checks`` default to ``reference.<slug>`` and
    ``checks.<slug>`` where ``slug`` is the package's last component.
    ``mistakes`` names the entries of the reference module's ``MISTAKES`` that
    ``kata verify`` must see fail.
    """

    id: str
    title: str
    track: str
    kind: str
    framework: str
    points: int
    package: str
    hints: tuple[str, ...] = ()
    mistakes: tuple[str, ...] = ()
    reference: str = ""
    checks: str = ""
    time_limit: float = 60.0
    memory_limit_mb: int = 4096
    reflection: str = ""
    model_answer: str = ""
    folder: str = ""
    experiment: str = ""  # project exercises: "module:function" that `kata run` calls with the learner's module
    after: tuple[str, ...] = ()  # prerequisites: ids of exercises the path puts before this one (kata.state.path)
    why_it_matters: str = ""  # one line shown after a pass: where this fact is used in real models
    accepts: Accepts = Accepts()  # what else the statement accepts (read by the mutation score)
    extra: dict = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        slug = self.slug
        if not self.reference:
            object.__setattr__(self, "reference", f"reference.{slug}")
        if not self.checks:
            object.__setattr__(self, "checks", f"checks.{slug}")
        if not self.folder:
            object.__setattr__(self, "folder", TRACKS.get(self.track, (self.track,))[0])
        object.__setattr__(self, "hints", tuple(self.hints))
        object.__setattr__(self, "mistakes", tuple(self.mistakes))
        object.__setattr__(self, "after", (self.after,) if isinstance(self.after, str) else tuple(self.after))

    @property
    def slug(self) -> str:
        return self.package.rsplit(".", 1)[-1]

    @property
    def filename(self) -> str:
        """Path of the learner's file, relative to the workspace."""
        return f"{self.folder}/{self.slug}.py"

    def statement(self) -> str:
        text = _read(self.package, "statement.md")
        if "<!-- choices -->" in text:
            from kata.choices import MARKER, choices_of, render

            text = text.replace(MARKER, render(choices_of(self.package)))
        return text

    def stub(self) -> str:
        return _read(self.package, "stub.py")

    def problems(self) -> list[str]:
        """What is wrong with this declaration itself (used by verify and registry)."""
        found = []
        if self.kind not in KINDS:
            found.append(f"kind {self.kind!r} is not one of {', '.join(KINDS)}")
        if self.framework not in FRAMEWORKS:
            found.append(f"framework {self.framework!r} is not one of {', '.join(FRAMEWORKS)}")
        if not self.title.strip():
            found.append("title is empty")
        if not self.hints:
            found.append("it has no hints")
        if self.points <= 0:
            found.append("points must be positive")
        if not all(isinstance(p, str) and p.strip() for p in self.after):
            found.append(f"after= should list exercise ids (strings), not {self.after!r}")
        for name, reader in (("statement.md", self.statement), ("stub.py", self.stub)):
            try:
                if not reader().strip():
                    found.append(f"{name} is empty")
            except (OSError, ModuleNotFoundError) as exc:
                found.append(f"{name} cannot be read ({exc})")
        found += self._choice_problems()
        return found

    def _choice_problems(self) -> list[str]:
        """Choice questions a guesser could pass: the right option longest by a clear margin."""
        from kata.choices import choices_of, longest_flag

        try:
            choices = choices_of(self.package)
        except Exception as exc:  # a pack's questions.py that does not import is a problem of its own
            return [f"questions.py cannot be imported ({type(exc).__name__}: {exc})"]
        return [flag for flag in map(longest_flag, choices) if flag]


def _read(package: str, name: str) -> str:
    from importlib import resources  # lazily: it costs more than listing every exercise

    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


MISTAKES_MARKER = "# ---- known mistakes"


def solution_text(exercise: Exercise) -> str:
    """The reference as a complete learner file: its source up to the known-mistakes section.

    Read as text (the module is not imported), so revealing a solution stays cheap.
    """
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec(exercise.reference)
    if spec is None or not spec.origin:
        raise FileNotFoundError(f"reference module {exercise.reference} not found")
    text = Path(spec.origin).read_text(encoding="utf-8")
    head, _, _ = text.partition(MISTAKES_MARKER)
    return head.rstrip() + "\n"
