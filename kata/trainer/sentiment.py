"""Sentiment data for the encoder-only classifier (13.24), offline by default. No numpy or torch here.

Two sources, both giving train / validation / test lists of ``(text, label)`` with label 1 = positive:

- the built-in **generated** set: short reviews from templates with negation ("not good", "hardly
  enjoyable", "not bad at all"), intensifiers ("really terrible") and contrast ("i expected it to be bad
  but it was great"). Every sentiment word appears as often in positive as in negative reviews, so a bag
  of words sits near chance (:func:`bag_of_words_accuracy` measures it); the order of words decides.
  Deterministic for a seed, label-balanced, and no sentence appears in two splits.
- a real **aclImdb** folder (Maas et al. 2011: ``train/pos``, ``train/neg``, ``test/pos``, ``test/neg``,
  one review per ``*.txt``): the test reviews are the test split, a seeded tenth of the training reviews
  is validation. `kata run 13.24 --corpus PATH` selects it, PATH being the folder or any file directly in
  it (``aclImdb/README``), since ``--corpus`` takes a file.

Tokens are lower-cased words and punctuation marks; :class:`WordVocab` puts ``[PAD] [UNK] [CLS] [MASK]``
first and encodes a text as ``[CLS] words... [PAD]...``.
"""

from __future__ import annotations

import hashlib
import math
import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from kata.trainer.data import CorpusError

PAD, UNK, CLS, MASK = 0, 1, 2, 3
SPECIAL_TOKENS = ("[PAD]", "[UNK]", "[CLS]", "[MASK]")
SPLITS = ("train", "val", "test")


class SentimentError(CorpusError):
    """Sentiment data that cannot be used; the message says why and what would work."""


@dataclass
class SentimentData:
    train: list[tuple[str, int]]
    val: list[tuple[str, int]]
    test: list[tuple[str, int]]
    source: dict  # {"kind": "generated", "seed": ..., "sizes": [...]} or {"kind": "aclimdb", "path", "fingerprint"}

    def split(self, name: str) -> list[tuple[str, int]]:
        if name not in SPLITS:
            raise KeyError(f"unknown split {name!r}; one of {SPLITS}")
        return getattr(self, name)


# ---- the generated set ------------------------------------------------------------------------------

POSITIVE = ("good", "great", "enjoyable", "wonderful", "excellent", "brilliant", "fun", "moving", "clever", "charming")
NEGATIVE = ("bad", "terrible", "boring", "awful", "dull", "poor", "weak", "painful", "clumsy", "tedious")
NEGATORS = ("not", "hardly", "never", "far from", "not at all", "in no way")
INTENSIFIERS = ("really", "very", "truly", "quite", "so", "extremely", "incredibly")
SUBJECTS = ("the movie", "this film", "the acting", "the plot", "the ending", "the soundtrack", "the cast",
            "the script", "the story", "the dialogue", "this sequel", "the direction")
VERBS = ("was", "is", "felt", "seemed")
OPENERS = ("", "", "honestly ,", "i think", "overall ,", "to be fair ,", "in my opinion", "sadly ,", "well ,")
CLOSERS = ("", "", "to me", "from start to finish", "in the end", "for most of it", "!")


def _phrase(rng: random.Random, adjective: str, negated: bool) -> str:
    """'[negator] [intensifier] adjective'; 'not ... at all' wraps the adjective."""
    intensifier = rng.choice(INTENSIFIERS) + " " if rng.random() < 0.4 else ""
    if not negated:
        return intensifier + adjective
    negator = rng.choice(NEGATORS)
    if negator == "not at all":
        return f"not {intensifier}{adjective} at all"
    return f"{negator} {intensifier}{adjective}"


def _review(rng: random.Random, label: int) -> str:
    negated = rng.random() < 0.5
    positive_word = (label == 1) != negated  # a negated positive word makes a negative review
    adjective = rng.choice(POSITIVE if positive_word else NEGATIVE)
    phrase = _phrase(rng, adjective, negated)
    subject, verb = rng.choice(SUBJECTS), rng.choice(VERBS)
    shape = rng.random()
    if shape < 0.25:  # a contrast: the first clause is a distractor of either polarity
        expected = rng.choice(POSITIVE + NEGATIVE)
        words = f"i expected it to be {expected} but {subject} {verb} {phrase}"
    elif shape < 0.4:
        words = f"{subject} {verb} {phrase} , i would say"
    else:
        words = f"{subject} {verb} {phrase}"
    return " ".join(f"{rng.choice(OPENERS)} {words} {rng.choice(CLOSERS)}".split())


def generate(seed: int = 0, n_train: int = 4000, n_val: int = 500, n_test: int = 1000) -> SentimentData:
    """Distinct generated reviews, label-balanced in every split, the same for the same seed."""
    rng = random.Random(seed)
    total = n_train + n_val + n_test
    seen: set[str] = set()
    examples: list[tuple[str, int]] = []
    for attempt in range(total * 50):
        label = len(examples) % 2
        text = _review(rng, label)
        if text not in seen:
            seen.add(text)
            examples.append((text, label))
            if len(examples) == total:
                break
    else:
        raise SentimentError(f"the templates gave only {len(examples)} distinct reviews, fewer than {total}")
    positive, negative = [e for e in examples if e[1] == 1], [e for e in examples if e[1] == 0]
    rng.shuffle(positive)
    rng.shuffle(negative)
    splits, pos, neg = [], 0, 0
    for size in (n_train, n_val, n_test):
        n_pos = (size + (pos <= neg)) // 2  # an odd size: the extra review goes to the class used less so far
        part = positive[pos:pos + n_pos] + negative[neg:neg + size - n_pos]
        pos, neg = pos + n_pos, neg + size - n_pos
        rng.shuffle(part)
        splits.append(part)
    return SentimentData(*splits, {"kind": "generated", "seed": seed, "sizes": [n_train, n_val, n_test]})


# ---- a real aclImdb folder --------------------------------------------------------------------------

ACLIMDB_PARTS = ("train/pos", "train/neg", "test/pos", "test/neg")


def find_aclimdb(path: str | Path) -> Path | None:
    """The aclImdb folder that ``path`` is, or that the file ``path`` lies in; None if neither."""
    path = Path(path)
    for folder in (path, path.parent) if path.is_file() else (path,):
        if folder.is_dir() and any((folder / part).is_dir() for part in ("train", "test")):
            return folder
    return None


def _read_part(folder: Path, part: str, label: int) -> list[tuple[str, int]]:
    directory = folder / part
    if not directory.is_dir():
        raise SentimentError(f"{folder} is not an aclImdb folder: {part}/ is missing "
                             f"(it needs {', '.join(p + '/' for p in ACLIMDB_PARTS)})")
    files = sorted(directory.glob("*.txt"))
    if not files:
        raise SentimentError(f"{directory} holds no *.txt reviews")
    out = []
    for file in files:
        try:
            text = file.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SentimentError(f"the review {file} is not UTF-8 text (byte {exc.start}); convert it or remove it") from None
        text = text.replace("<br />", " ").strip()
        if not text:
            raise SentimentError(f"the review {file} is empty")
        out.append((text, label))
    return out


def fingerprint(folder: Path) -> str:
    """SHA-256 over the review files' names and sizes: cheap, and it changes when the folder does."""
    digest = hashlib.sha256()
    for part in ACLIMDB_PARTS:
        for file in sorted((folder / part).glob("*.txt")):
            digest.update(f"{part}/{file.name}:{file.stat().st_size}\n".encode())
    return digest.hexdigest()


def read_aclimdb(path: str | Path, seed: int = 0, val_fraction: float = 0.1) -> SentimentData:
    """The reviews of an aclImdb folder: test/ is the test split, a seeded ``val_fraction`` of train/ validation."""
    folder = find_aclimdb(path)
    if folder is None:
        raise SentimentError(f"{path} is not an aclImdb folder (nor a file in one): expected "
                             f"{', '.join(p + '/' for p in ACLIMDB_PARTS)} with one review per *.txt file")
    train = _read_part(folder, "train/pos", 1) + _read_part(folder, "train/neg", 0)
    test = _read_part(folder, "test/pos", 1) + _read_part(folder, "test/neg", 0)
    rng = random.Random(seed)
    rng.shuffle(train)
    n_val = max(1, round(len(train) * val_fraction))
    if len(train) - n_val < 2:
        raise SentimentError(f"{folder} has {len(train)} training reviews: too few to train and validate on")
    source = {"kind": "aclimdb", "path": str(folder.resolve()), "fingerprint": fingerprint(folder), "seed": seed}
    return SentimentData(train[n_val:], train[:n_val], test, source)


def load_sentiment(path: str | Path | None = None, seed: int = 0) -> SentimentData:
    """What `kata run 13.24` trains on: the generated set, or the aclImdb folder ``path`` names."""
    if path is None:
        return generate(seed)
    if not Path(path).exists():
        raise SentimentError(f"{path} does not exist")
    if find_aclimdb(path) is None:
        raise SentimentError(f"13.24 trains on sentiment data: --corpus must name an aclImdb folder or a file directly "
                             f"in one (e.g. aclImdb/README); {path} is neither. Leave --corpus out for the generated set.")
    return read_aclimdb(path, seed)


def from_source(source: dict) -> SentimentData:
    """Rebuild the data a run recorded, refusing a folder that changed since."""
    if source.get("kind") == "generated":
        return generate(source.get("seed", 0), *source.get("sizes", (4000, 500, 1000)))
    if source.get("kind") == "aclimdb":
        data = read_aclimdb(source["path"], source.get("seed", 0))
        if data.source["fingerprint"] != source.get("fingerprint"):
            raise SentimentError(f"the aclImdb folder {source['path']} changed since the run; run `kata run` again")
        return data
    raise SentimentError(f"unknown sentiment data source {source!r}")


# ---- tokens -----------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[a-z0-9']+|[^\sa-z0-9']")


def tokenize(text: str) -> list[str]:
    """Lower-cased words and single punctuation marks."""
    return _TOKEN.findall(text.lower())


@dataclass(frozen=True)
class WordVocab:
    """Word-level vocabulary: the four special tokens, then words by frequency (ties alphabetical)."""

    words: tuple[str, ...]

    @classmethod
    def from_texts(cls, texts, max_size: int = 20000, min_count: int = 1) -> "WordVocab":
        counts = Counter(token for text in texts for token in tokenize(text))
        ranked = sorted((w for w, c in counts.items() if c >= min_count), key=lambda w: (-counts[w], w))
        return cls(SPECIAL_TOKENS + tuple(ranked[:max(0, max_size - len(SPECIAL_TOKENS))]))

    @property
    def size(self) -> int:
        return len(self.words)

    def encode(self, text: str, max_len: int) -> list[int]:
        """``[CLS]`` and the first ``max_len - 1`` tokens (unknown ones as ``[UNK]``), padded with ``[PAD]``."""
        index = {w: i for i, w in enumerate(self.words)}
        ids = [CLS] + [index.get(t, UNK) for t in tokenize(text)][:max_len - 1]
        return ids + [PAD] * (max_len - len(ids))

    def decode(self, ids) -> str:
        return " ".join(self.words[int(i)] for i in ids if int(i) != PAD)


# ---- the baseline the generated set is built to defeat ----------------------------------------------

def bag_of_words_accuracy(train: list[tuple[str, int]], test: list[tuple[str, int]]) -> float:
    """Test accuracy of multinomial naive Bayes on word counts (Laplace smoothing), trained on ``train``."""
    counts = {0: Counter(), 1: Counter()}
    docs = Counter(label for _, label in train)
    for text, label in train:
        counts[label].update(tokenize(text))
    vocabulary = set(counts[0]) | set(counts[1])
    totals = {c: sum(counts[c].values()) + len(vocabulary) for c in (0, 1)}
    right = 0
    for text, label in test:
        score = {c: math.log(max(docs[c], 1) / max(len(train), 1))
                 + sum(math.log((counts[c][t] + 1) / totals[c]) for t in tokenize(text) if t in vocabulary)
                 for c in (0, 1)}
        right += int((score[1] > score[0]) == bool(label))
    return right / max(len(test), 1)
