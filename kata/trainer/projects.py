"""Project exercises: what `kata run` hands an experiment, and what checks use to re-evaluate it.

An experiment is a function ``run(learner, ctx)`` named by ``Exercise.experiment``; it builds
the learner's model, trains it with :func:`kata.trainer.loop.train` under ``ctx.run_dir(...)``,
and writes its artifacts there. The check never trusts a number in those files: it reloads
the checkpoint into the learner's class, rebuilds the data from the recorded source, and
measures again (:func:`load_run`, :func:`corpus_from_meta`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kata.exercise import Exercise
from kata.trainer.data import CharVocab, CorpusError, load_corpus, split_corpus


@dataclass
class Corpus:
    text: str
    train: str
    val: str
    vocab: CharVocab
    source: dict  # {"kind": "builtin"} or {"kind": "file", "path": ..., "sha256": ...}

    def ids(self, part: str):
        import torch

        return torch.tensor(self.vocab.encode(getattr(self, part)), dtype=torch.long)


def make_corpus(path: str | None = None, min_chars: int = 1000) -> Corpus:
    text = load_corpus(path, min_chars=min_chars)
    train, val = split_corpus(text)
    source = {"kind": "builtin"} if path is None else {
        "kind": "file", "path": str(Path(path).resolve()), "sha256": hashlib.sha256(text.encode()).hexdigest()}
    return Corpus(text, train, val, CharVocab.from_text(train), source)


def corpus_from_meta(source: dict) -> Corpus:
    """Rebuild the corpus a run recorded, refusing one that changed since."""
    if source.get("kind") == "builtin":
        return make_corpus(None)
    corpus = make_corpus(source.get("path"))
    if corpus.source["sha256"] != source.get("sha256"):
        raise CorpusError(f"the corpus file {source.get('path')} changed since the run; run `kata run` again")
    return corpus


@dataclass
class RunContext:
    """What an experiment gets from `kata run`: where to write, the settings the learner chose, the data."""

    exercise: Exercise
    workspace: Path
    overrides: dict = field(default_factory=dict)  # steps, seed, device from the command line
    corpus_path: str | None = None
    short: bool = False  # `kata verify`: a short run that still proves the pipeline
    fresh: bool = False
    reporter: Any = None

    @property
    def root(self) -> Path:
        return run_root(self.workspace, self.exercise)

    def run_dir(self, name: str) -> Path:
        folder = self.root / name
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def corpus(self, min_chars: int = 1000) -> Corpus:
        return make_corpus(self.corpus_path, min_chars=min_chars)

    def settings(self, short_steps: int = 150, **defaults: Any):
        """The experiment's defaults, then the command line's overrides; short mode caps the steps."""
        from kata.trainer.loop import RunSettings, pick_device

        settings = RunSettings(**defaults).with_overrides(**self.overrides)
        if self.short and self.overrides.get("steps") is None:
            settings = settings.with_overrides(steps=short_steps, eval_every=short_steps,
                                               checkpoint_every=short_steps)
        return settings.with_overrides(device=pick_device(self.overrides.get("device") or settings.device))

    def say(self, text: str) -> None:
        print(text, flush=True)


def run_root(workspace: Path, exercise: Exercise) -> Path:
    return workspace / "runs" / exercise.slug


def load_run(workspace: Path, exercise: Exercise, name: str) -> dict:
    """The checkpoint of run ``name``; a missing one is a check failure telling what to do."""
    import torch

    from kata.checking.compare import CheckFailure

    path = run_root(workspace, exercise) / name / "checkpoint.pt"
    if not path.is_file():
        raise CheckFailure(f"no saved run '{name}' in {path.parent}: run `kata run {exercise.id}` first")
    try:
        state = torch.load(path, map_location="cpu", weights_only=False)
    except Exception as exc:
        raise CheckFailure(f"the checkpoint {path} cannot be read ({type(exc).__name__}: {exc}); "
                           f"run `kata run {exercise.id} --fresh`") from None
    if int(state.get("step", -1)) != int(state.get("settings", {}).get("steps", -2)):
        raise CheckFailure(f"the run '{name}' stopped at step {state.get('step')} of "
                           f"{state.get('settings', {}).get('steps')}: run `kata run {exercise.id}` to finish it")
    return state


def rebuild(model_class: Any, config: dict, state: dict, what: str):
    """The learner's class built with ``config`` and loaded with the checkpoint's weights, or a clear failure."""
    from kata.checking.compare import CheckFailure

    try:
        model = model_class(**config)
    except Exception as exc:
        raise CheckFailure(f"{what}: your model class cannot be built with the saved configuration {config} "
                           f"({type(exc).__name__}: {exc})") from None
    try:
        model.load_state_dict(state["model"], strict=True)
    except RuntimeError as exc:
        text = str(exc).replace("\n", " ")[:600]
        raise CheckFailure(f"{what}: the checkpoint does not match your model class (did you change the model after "
                           f"the run? run `kata run` again): {text}") from None
    model.eval()
    return model


def expect_curve_png(path: Path, runs: dict[str, list[dict]]) -> None:
    """The PNG exists, is a real image with something drawn, and was drawn from exactly these logs."""
    from PIL import Image

    from kata.checking.compare import CheckFailure
    from kata.trainer.loop import curves_digest

    if not path.is_file():
        raise CheckFailure(f"the loss-curve image {path} is missing: run `kata run` again")
    try:
        with Image.open(path) as image:
            image.load()
            info, size, extrema = dict(image.info), image.size, image.convert("L").getextrema()
    except Exception as exc:
        raise CheckFailure(f"{path} is not a readable PNG image ({exc})") from None
    if size[0] < 200 or size[1] < 150 or extrema[0] == extrema[1]:
        raise CheckFailure(f"{path} is {size[0]}x{size[1]} and {'blank' if extrema[0] == extrema[1] else 'tiny'}: "
                           "it is not a plot of the run")
    if info.get("Description") != f"kata-curves sha256={curves_digest(runs)}":
        raise CheckFailure(f"{path} was not drawn from the logged runs (it does not match log.jsonl): "
                           "run `kata run` again rather than editing the files")
