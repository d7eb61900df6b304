"""The cached built-in catalogue: the same exercises as a live load, no plugin imported, and never stale."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from helpers import subprocess_env
from kata.state import cache, catalogue_cache
from kata.state.registry import load_registry

IMPORTED = ("import sys; from kata.state.catalogue_cache import cached_registry; r = cached_registry(); "
            "print(len(r.exercises), 'pluggy' in sys.modules, any(m.startswith('exercises.') for m in sys.modules))")


def test_a_cached_catalogue_equals_a_live_load() -> None:
    live = load_registry()
    first = catalogue_cache.cached_registry()  # live, and written
    cached = catalogue_cache.cached_registry()  # read back
    assert cached.plugins is None and first.plugins is not None
    assert list(cached.exercises) == list(live.exercises)
    for exercise_id, exercise in live.exercises.items():
        assert cached.exercises[exercise_id] == exercise, exercise_id
        assert cached.exercises[exercise_id].accepts == exercise.accepts
    assert set(cached.owner.values()) == {"builtin"}
    assert "6.7" in cached.loaded_plugins().info["builtin"].exercises  # the plugins, loaded on demand


def test_the_second_process_imports_no_plugin() -> None:
    env = subprocess_env()
    runs = [subprocess.run([sys.executable, "-c", IMPORTED], capture_output=True, text=True, env=env, check=True)
            for _ in range(2)]
    count = str(len(load_registry().exercises))
    assert runs[0].stdout.split() == [count, "True", "True"]
    assert runs[1].stdout.split() == [count, "False", "False"]


def test_an_edited_exercise_declaration_is_not_served_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "ex_demo"
    folder.mkdir()
    (folder / "__init__.py").write_text("# one\n", encoding="utf-8")
    monkeypatch.setattr(catalogue_cache, "builtin_folders", lambda: [("exercises.ex_demo", str(folder))])
    before = catalogue_cache._key({})
    (folder / "__init__.py").write_text("# two, longer\n", encoding="utf-8")
    assert catalogue_cache._key({}) != before
    assert catalogue_cache._key({"KATA_DISABLE_PLUGINS": "builtin"}) != catalogue_cache._key({})


def test_a_catalogue_with_a_pack_or_a_warning_is_not_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    registry = load_registry()
    assert catalogue_cache._cacheable(registry)
    registry.plugins.warnings.append("a pack failed to load")
    assert not catalogue_cache._cacheable(registry)
    other = load_registry()
    other.plugins.info["mypack"] = other.plugins.info["builtin"]
    assert not catalogue_cache._cacheable(other)


def test_a_corrupt_or_foreign_cache_file_means_a_live_load(monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue_cache.cached_registry()
    path = cache._file(catalogue_cache.NAME)
    path.write_bytes(b"\x00not marshal")
    count = len(load_registry().exercises)
    assert len(catalogue_cache.cached_registry().exercises) == count
    key = catalogue_cache._key(catalogue_cache.os.environ)
    cache.write(catalogue_cache.NAME, key, [{"id": "9.9", "unknown_field": 1}])  # another version's rows
    assert len(catalogue_cache.cached_registry().exercises) == count
    monkeypatch.setenv("KATA_NO_CACHE", "1")
    assert cache.read(catalogue_cache.NAME, key) is None
