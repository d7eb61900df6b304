"""kata/trainer/sentiment.py: the generated sentiment set (deterministic, balanced, built to defeat a bag of words),
the aclImdb folder reader (on small folders written here), its clear errors, and the word vocabulary."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from kata.trainer.data import CorpusError
from kata.trainer.sentiment import (CLS, PAD, UNK, SentimentError, WordVocab, bag_of_words_accuracy, find_aclimdb,
                            from_source, generate, load_sentiment, read_aclimdb, tokenize)


def test_generated_set_is_deterministic_and_seed_dependent() -> None:
    a, b, c = generate(0), generate(0), generate(1)
    assert (a.train, a.val, a.test) == (b.train, b.val, b.test)
    assert a.train != c.train
    assert a.source == {"kind": "generated", "seed": 0, "sizes": [4000, 500, 1000]}


def test_generated_set_is_balanced_and_splits_are_disjoint() -> None:
    data = generate(0, 600, 101, 201)
    for split, size in ((data.train, 600), (data.val, 101), (data.test, 201)):
        assert len(split) == size
        counts = Counter(label for _, label in split)
        assert set(counts) == {0, 1} and abs(counts[1] - counts[0]) <= 1
    texts = [text for split in (data.train, data.val, data.test) for text, _ in split]
    assert len(set(texts)) == len(texts)


def test_generated_set_defeats_a_bag_of_words() -> None:
    """Every sentiment word is as common in both classes: word counts alone stay near chance."""
    data = generate(0)
    assert bag_of_words_accuracy(data.train, data.test) < 0.6
    sentiment_words = {"good", "bad", "great", "terrible", "not", "hardly"}
    by_label = {label: Counter(t for text, l in data.train if l == label for t in tokenize(text)) for label in (0, 1)}
    for word in sentiment_words:
        a, b = by_label[0][word], by_label[1][word]
        assert a and b and abs(a - b) / (a + b) < 0.2, (word, a, b)
    # ... while the baseline itself works on data a bag of words can read
    easy = [("good fun", 1), ("great film", 1), ("bad film", 0), ("awful fun", 0)] * 5
    assert bag_of_words_accuracy(easy, [("good", 1), ("bad", 0)]) == 1.0


def test_generated_set_rebuilds_from_its_source() -> None:
    data = generate(3, 50, 10, 20)
    assert from_source(data.source).test == data.test


def _write_aclimdb(root: Path, per_part: int = 3) -> Path:
    folder = root / "aclImdb"
    for part in ("train/pos", "train/neg", "test/pos", "test/neg"):
        (folder / part).mkdir(parents=True)
        for i in range(per_part):
            word = "wonderful" if part.endswith("pos") else "dreadful"
            (folder / part / f"{i}_{7 if word == 'wonderful' else 2}.txt").write_text(
                f"A {word} film, number {i} of {part}.<br /><br />Really {word}!", encoding="utf-8")
    (folder / "README").write_text("Large Movie Review Dataset v1.0\n", encoding="utf-8")
    return folder


def test_aclimdb_folder_is_read(tmp_path: Path) -> None:
    folder = _write_aclimdb(tmp_path, per_part=5)
    data = read_aclimdb(folder)
    assert len(data.test) == 10 and len(data.train) + len(data.val) == 10 and len(data.val) == 1
    assert Counter(label for _, label in data.test) == {1: 5, 0: 5}
    assert all(("wonderful" in text) == (label == 1) for text, label in data.train + data.val + data.test)
    assert all("<br />" not in text for text, _ in data.train)
    assert data.source["kind"] == "aclimdb" and data.source["path"] == str(folder.resolve())
    # the folder, or a file directly in it (`--corpus` takes a file), select the same data
    assert find_aclimdb(folder / "README") == folder
    assert load_sentiment(folder / "README").test == data.test
    assert read_aclimdb(folder).val == data.val  # deterministic split
    assert from_source(data.source).test == data.test


def test_aclimdb_change_is_noticed(tmp_path: Path) -> None:
    folder = _write_aclimdb(tmp_path)
    source = read_aclimdb(folder).source
    (folder / "test/pos/99_9.txt").write_text("one more great review", encoding="utf-8")
    with pytest.raises(SentimentError, match="changed since the run"):
        from_source(source)


def test_empty_or_malformed_folders_give_clear_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(SentimentError, match="not an aclImdb folder"):
        read_aclimdb(empty)
    folder = _write_aclimdb(tmp_path)
    for file in (folder / "test/neg").iterdir():
        file.unlink()
    with pytest.raises(SentimentError, match=r"test/neg holds no \*\.txt reviews"):
        read_aclimdb(folder)
    (folder / "test/neg").rmdir()
    with pytest.raises(SentimentError, match="test/neg/ is missing"):
        read_aclimdb(folder)


def test_bad_review_files_give_clear_errors(tmp_path: Path) -> None:
    folder = _write_aclimdb(tmp_path)
    bad = folder / "train/pos/0_7.txt"
    bad.write_bytes(b"caf\xe9 au lait")
    with pytest.raises(SentimentError, match="not UTF-8"):
        read_aclimdb(folder)
    bad.write_text("   ", encoding="utf-8")
    with pytest.raises(SentimentError, match="is empty"):
        read_aclimdb(folder)


def test_corpus_paths_that_are_not_sentiment_data_are_refused(tmp_path: Path) -> None:
    text = tmp_path / "novel.txt"
    text.write_text("It was a dark and stormy night.", encoding="utf-8")
    with pytest.raises(CorpusError, match="aclImdb"):  # `kata run` turns CorpusError into a usage error
        load_sentiment(text)
    with pytest.raises(SentimentError, match="does not exist"):
        load_sentiment(tmp_path / "missing")


def test_word_vocab_encodes_with_cls_and_padding() -> None:
    vocab = WordVocab.from_texts(["the film was good", "the film was not good !"])
    assert vocab.words[:4] == ("[PAD]", "[UNK]", "[CLS]", "[MASK]")
    ids = vocab.encode("The film was AWFUL!", 8)
    assert ids[0] == CLS and len(ids) == 8 and ids[4] == UNK and ids[6:] == [PAD, PAD]
    assert vocab.decode(ids) == "[CLS] the film was [UNK] !"
    assert len(vocab.encode("word " * 50, 8)) == 8  # truncated to max_len


def test_sentiment_module_imports_no_torch_or_numpy() -> None:
    code = "import sys, kata.trainer.sentiment; print(any(m in sys.modules for m in ('torch', 'numpy')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
