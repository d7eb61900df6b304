"""The project machinery (issue 5): data errors, resumable training, checkpoint mismatches, the fetcher."""

from __future__ import annotations

import hashlib
import http.server
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import torch

from kata.checking.compare import CheckFailure
from kata.trainer import data
from kata.trainer.data import CorpusError, fetch, load_corpus
from kata.trainer.loop import Reporter, RunInterrupted, RunSettings, train
from kata.trainer.projects import make_corpus, rebuild
from helpers import assert_plain


class TinyLM(torch.nn.Module):
    def __init__(self, vocab_size: int, width: int = 16):
        super().__init__()
        self.emb = torch.nn.Embedding(vocab_size, width)
        self.out = torch.nn.Linear(width, vocab_size)

    def forward(self, idx):
        return self.out(self.emb(idx))


def _ids(n: int = 3000) -> torch.Tensor:
    return torch.tensor([(i * 7 + i // 13) % 11 for i in range(n)], dtype=torch.long)


SETTINGS = RunSettings(steps=30, batch_size=4, block_size=8, lr=1e-2, eval_every=10, eval_batches=2,
                       checkpoint_every=5, seed=3)


class StopAt(Reporter):
    """Presses Ctrl-C after a given step, as a learner would."""

    def __init__(self, step: int):
        super().__init__(False, every=0)
        self.stop = step

    def step(self, row: dict) -> None:
        if row["step"] == self.stop:
            raise KeyboardInterrupt


def _fresh_model() -> TinyLM:
    torch.manual_seed(0)
    return TinyLM(11)


def test_an_interrupted_run_resumes_where_an_uninterrupted_one_would_be(tmp_path: Path) -> None:
    whole = train(_fresh_model(), _ids(), _ids(500), SETTINGS, tmp_path / "whole", reporter=Reporter.silent())
    with pytest.raises(RunInterrupted) as stopped:
        train(_fresh_model(), _ids(), _ids(500), SETTINGS, tmp_path / "cut", reporter=StopAt(17))
    assert "resume" in str(stopped.value)
    resumed = train(_fresh_model(), _ids(), _ids(500), SETTINGS, tmp_path / "cut", reporter=Reporter.silent())
    assert [r["loss"] for r in resumed.history] == [r["loss"] for r in whole.history]
    assert resumed.val_loss == whole.val_loss
    lines = (tmp_path / "cut" / "log.jsonl").read_text().splitlines()
    assert len(lines) == SETTINGS.steps, "the log has each step once, none repeated after the resume"


def test_fresh_starts_over(tmp_path: Path) -> None:
    train(_fresh_model(), _ids(), _ids(500), SETTINGS, tmp_path, reporter=Reporter.silent())
    again = train(_fresh_model(), _ids(), _ids(500), SETTINGS.with_overrides(steps=5), tmp_path, fresh=True,
                  reporter=Reporter.silent())
    assert [r["step"] for r in again.history] == list(range(5))


@pytest.mark.parametrize("content, says", [
    (b"", "is empty"),
    (b"   \n\n", "is empty"),
    (b"caf\xe9 \xff\xfe broken", "is not UTF-8"),
    (b"too short", "training needs at least"),
])
def test_unusable_corpus_files_are_refused_plainly(tmp_path: Path, content: bytes, says: str) -> None:
    corpus = tmp_path / "corpus.txt"
    corpus.write_bytes(content)
    with pytest.raises(CorpusError, match=says):
        load_corpus(corpus, min_chars=1000)


def test_a_missing_corpus_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="does not exist"):
        load_corpus(tmp_path / "nope.txt")


def test_kata_run_with_a_bad_corpus_exits_2_with_the_reason(tmp_path: Path) -> None:
    corpus = tmp_path / "latin1.txt"
    corpus.write_bytes(b"\xe9t\xe9 " * 500)
    done = subprocess.run([sys.executable, "-c", "import cli; cli.main()", "run", "6.mini", "--workspace",
                           str(tmp_path), "--corpus", str(corpus), "--file",
                           str(Path(__file__).resolve().parents[1] / "reference" / "stage6_mini_tiny_gpt.py")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "is not UTF-8" in done.stderr
    assert_plain(done.stderr)


def test_text_too_short_for_one_batch_is_a_clear_error(tmp_path: Path) -> None:
    tiny = torch.arange(5)
    with pytest.raises(ValueError, match="too few for one window"):
        train(_fresh_model(), tiny, tiny, SETTINGS, tmp_path, reporter=Reporter.silent())


def test_the_builtin_corpus_needs_no_download_and_splits_deterministically() -> None:
    first, second = make_corpus(None), make_corpus(None)
    assert first.train == second.train and first.val == second.val
    assert 0.05 < len(first.val) / len(first.text) < 0.15
    assert first.source == {"kind": "builtin"}


def test_a_checkpoint_that_does_not_fit_the_learner_class_is_a_clear_failure() -> None:
    state = {"model": TinyLM(11, width=16).state_dict()}
    with pytest.raises(CheckFailure, match="does not match your model class"):
        rebuild(TinyLM, {"vocab_size": 11, "width": 32}, state, "the main run")
    with pytest.raises(CheckFailure, match="cannot be built with the saved configuration"):
        rebuild(TinyLM, {"vocab_size": 11, "depth": 3}, state, "the main run")
    assert isinstance(rebuild(TinyLM, {"vocab_size": 11, "width": 16}, state, "the main run"), TinyLM)


@pytest.fixture
def served(tmp_path: Path):
    """A local HTTP server (never the internet) serving one file; yields (url, path to change what it serves)."""
    root = tmp_path / "site"
    root.mkdir()
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(root), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.RequestHandlerClass.log_message = lambda *a: None
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/input.txt", root / "input.txt"
    server.shutdown()


def test_fetch_verifies_the_checksum_and_caches(served, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url, file = served
    good = b"First Citizen:\nBefore we proceed any further, hear me speak.\n" * 20
    file.write_bytes(good)
    monkeypatch.setenv("KATA_DATA_DIR", str(tmp_path / "cache"))
    monkeypatch.setitem(data.DATASETS, "tiny-shakespeare",
                        data.Dataset("tiny-shakespeare", url, hashlib.sha256(good).hexdigest(), len(good)))
    path = fetch("tiny-shakespeare")
    assert path.read_bytes() == good
    file.write_bytes(b"changed on the server")
    assert fetch("tiny-shakespeare") == path, "a cached, verified file is not downloaded again"


def test_fetch_refuses_a_download_with_the_wrong_checksum(served, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    url, file = served
    file.write_bytes(b"not the file you are looking for")
    monkeypatch.setenv("KATA_DATA_DIR", str(tmp_path / "cache"))
    with pytest.raises(CorpusError, match="SHA-256"):
        fetch("tiny-shakespeare", url=url)
    assert not (tmp_path / "cache" / "tiny-shakespeare.txt").exists(), "a bad download is never kept"


def test_fetch_of_an_unknown_data_set_names_the_known_ones() -> None:
    with pytest.raises(CorpusError, match="tiny-shakespeare"):
        fetch("war-and-peace")


def test_ctrl_c_in_the_middle_of_a_step_also_resumes_exactly(tmp_path: Path) -> None:
    from kata.trainer.loop import lm_loss

    whole = train(_fresh_model(), _ids(), _ids(500), SETTINGS, tmp_path / "whole", reporter=Reporter.silent())
    calls = {"n": 0}

    def interrupting_loss(model, x, y):
        calls["n"] += 1
        if calls["n"] == 12:  # during step 11's forward pass, before its update
            raise KeyboardInterrupt
        return lm_loss(model, x, y)

    with pytest.raises(RunInterrupted):
        train(_fresh_model(), _ids(), _ids(500), SETTINGS, tmp_path / "cut", reporter=Reporter.silent(),
              loss_fn=interrupting_loss)
    resumed = train(_fresh_model(), _ids(), _ids(500), SETTINGS, tmp_path / "cut", reporter=Reporter.silent())
    assert [r["loss"] for r in resumed.history] == [r["loss"] for r in whole.history]
