"""Text data for the training projects, offline by default.

The built-in corpus is the English documentation that every CPython ships
(``pydoc_data.topics``, about 465 KB): no download, the same text everywhere. ``--corpus FILE``
takes any UTF-8 text. ``kata data fetch tiny-shakespeare`` downloads the classic file into a cache
and verifies its SHA-256; nothing downloads unless asked. No numpy or torch here.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

VAL_EVERY = 10  # every 10th chunk of the corpus is validation data
CHUNK = 2000  # characters per chunk: long enough for a context window, short enough to interleave well


class CorpusError(ValueError):
    """A corpus that cannot be trained on; the message says why and what would work."""


@dataclass(frozen=True)
class Dataset:
    name: str
    url: str
    sha256: str
    size: int


DATASETS = {
    "tiny-shakespeare": Dataset(
        "tiny-shakespeare",
        "https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt",
        "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed",
        1_115_394,
    ),
}


def builtin_corpus() -> str:
    """CPython's own documentation topics, in a fixed order."""
    from pydoc_data.topics import topics

    return "\n\n".join(topics[key] for key in sorted(topics))


def load_corpus(path: str | os.PathLike | None = None, *, min_chars: int = 1) -> str:
    """The built-in corpus, or the UTF-8 text at ``path``; an unusable file raises :class:`CorpusError`."""
    if path is None:
        return builtin_corpus()
    file = Path(path)
    if not file.is_file():
        raise CorpusError(f"the corpus file {file} does not exist")
    raw = file.read_bytes()
    if not raw.strip():
        raise CorpusError(f"the corpus file {file} is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"the corpus file {file} is not UTF-8 text (byte {exc.start} cannot be decoded); "
                          "convert it, e.g. with `iconv -t UTF-8`") from None
    if len(text) < min_chars:
        raise CorpusError(f"the corpus file {file} has {len(text)} characters; training needs at least {min_chars}")
    return text


def split_corpus(text: str) -> tuple[str, str]:
    """Deterministic train/validation split: every 10th chunk of 2000 characters is validation.

    Interleaving (rather than "the last 10%") keeps both halves alike for a corpus whose
    topics change along the file, like the documentation.
    """
    train, val = [], []
    for i, start in enumerate(range(0, len(text), CHUNK)):
        (val if i % VAL_EVERY == VAL_EVERY - 1 else train).append(text[start:start + CHUNK])
    if not val:  # a short text: its last tenth
        cut = max(1, len(text) * (VAL_EVERY - 1) // VAL_EVERY)
        return text[:cut], text[cut:]
    return "".join(train), "".join(val)


@dataclass(frozen=True)
class CharVocab:
    """Character-level tokenizer; unknown characters map to the first symbol."""

    chars: str

    @classmethod
    def from_text(cls, text: str) -> "CharVocab":
        return cls("".join(sorted(set(text))))

    @property
    def size(self) -> int:
        return len(self.chars)

    def encode(self, text: str) -> list[int]:
        index = {c: i for i, c in enumerate(self.chars)}
        return [index.get(c, 0) for c in text]

    def decode(self, ids) -> str:
        return "".join(self.chars[int(i)] for i in ids)


def cache_dir() -> Path:
    base = os.environ.get("KATA_DATA_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "transformer-kata", "data")
    return Path(base)


def cached_path(name: str) -> Path:
    return cache_dir() / f"{name}.txt"


def fetch(name: str, url: str | None = None, timeout: float = 60.0) -> Path:
    """Download data set ``name`` into the cache (once), verifying its SHA-256; returns the path."""
    import urllib.request

    if name not in DATASETS:
        raise CorpusError(f"unknown data set '{name}'; known: {', '.join(DATASETS)}")
    spec = DATASETS[name]
    target = cached_path(name)
    if target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == spec.sha256:
        return target
    try:
        with urllib.request.urlopen(url or spec.url, timeout=timeout) as response:
            data = response.read(spec.size + 1)
    except OSError as exc:
        raise CorpusError(f"could not download {name} from {url or spec.url}: {exc}") from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != spec.sha256:
        raise CorpusError(f"the download of {name} has SHA-256 {digest}, expected {spec.sha256}: it was not kept "
                          "(a changed file or a broken transfer)")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".part")
    tmp.write_bytes(data)
    os.replace(tmp, target)
    return target
