"""Shared fixtures: an isolated environment, a tmp workspace, the CLI through CliRunner, learner files for 6.7.

Every test runs with the kata environment switches cleared, its own entry-point cache folder, plain output and
a fresh current directory, so nothing leaks into the repository, the user's home or the next test.
Exercise 6.7 (LayerNorm) is the one the engine tests grade: its reference, stub and known mistakes are stable.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner, Result

import cli
from kata.exercise import Exercise, solution_text
from kata.state.registry import load_registry

ROOT = Path(__file__).resolve().parents[1]
EXERCISE_ID = "6.7"
# What 6.7 is worth, from its declaration: tests say "full marks", not a number that moves with the checks.
LAYER_NORM_POINTS = load_registry(env={}, entry_points=False).get(EXERCISE_ID).points

KATA_SWITCHES = ("KATA_WORKSPACE", "KATA_LOAD_PLUGINS", "KATA_DISABLE_PLUGINS", "KATA_STRICT_PLUGINS",
                 "KATA_NO_CACHE", "NO_COLOR", "PYTEST_ADDOPTS")


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist, hand tests out a few at a time, so that the long ones (first) spread over the workers.

    By default xdist gives each worker a quarter of its share up front, in order, and so one worker got every
    long test: the suite took 7.6 min on 2 cores where its CPU time was 4.7 min per core.
    """
    if config.pluginmanager.hasplugin("xdist") and getattr(config.option, "maxschedchunk", 0) is None:
        config.option.maxschedchunk = 1


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Start the longest tests (the parts of verify over every exercise) first, so the workers finish together."""
    items.sort(key=lambda item: item.nodeid.split("::")[0] != "tests/test_verify_all.py")


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in KATA_SWITCHES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("KATA_PLAIN", "1")
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))
    # Plugin commands are added to the global Click group once per process; each test starts without them.
    monkeypatch.setattr(cli.KataGroup, "_plugins_added", False)
    monkeypatch.setattr(cli.main, "commands", dict(cli.main.commands))


@pytest.fixture(scope="session")
def layer_norm() -> Exercise:
    return load_registry(env={}, entry_points=False).get(EXERCISE_ID)


@pytest.fixture(scope="session")
def layer_norm_checks(layer_norm: Exercise, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The names of 6.7's checks, as grading its reference reports them (the count moves as checks are added)."""
    from kata.grading.runner import grade

    path = tmp_path_factory.mktemp("reference") / Path(layer_norm.filename).name
    path.write_text(solution_text(layer_norm), encoding="utf-8")
    result = grade(layer_norm, file=path)
    assert result.status == "pass", result
    return [c["name"] for c in result.checks]


@pytest.fixture(scope="session")
def reference_source(layer_norm: Exercise) -> str:
    """The 6.7 reference as a complete learner file (what `kata solution 6.7` prints)."""
    return solution_text(layer_norm)


@pytest.fixture(scope="session")
def stub_source(layer_norm: Exercise) -> str:
    return layer_norm.stub()


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "ws"
    folder.mkdir()
    return folder


@pytest.fixture
def learner_path(workspace: Path, layer_norm: Exercise) -> Path:
    """Where `kata start 6.7` puts the learner's file in ``workspace``."""
    return workspace / layer_norm.filename


@pytest.fixture
def write_learner(learner_path: Path) -> Callable[[str], Path]:
    def write(source: str) -> Path:
        learner_path.parent.mkdir(parents=True, exist_ok=True)
        learner_path.write_text(source, encoding="utf-8")
        return learner_path

    return write


@dataclass
class Kata:
    """Runs the ``kata`` CLI in-process; an exception from our code (not a sys.exit) fails the test."""

    workspace: Path | None

    def __call__(self, *args: object, env: dict[str, str] | None = None, input: str | None = None) -> Result:
        argv = (["--workspace", str(self.workspace)] if self.workspace else []) + [str(a) for a in args]
        result = CliRunner().invoke(cli.main, argv, env=env, input=input, catch_exceptions=True)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"`kata {' '.join(argv)}` crashed:\n{result.output}") from result.exception
        return result

    def json(self, *args: object, expect: int | None = 0, **kwargs) -> object:
        result = self(*args, "--json", **kwargs)
        if expect is not None:
            assert result.exit_code == expect, result.output
        return json.loads(result.stdout)


@pytest.fixture
def kata(workspace: Path) -> Kata:
    """The CLI bound to the test's workspace through ``--workspace``."""
    return Kata(workspace)


@pytest.fixture
def kata_plain() -> Kata:
    """The CLI with no ``--workspace`` option (for KATA_WORKSPACE and the current folder)."""
    return Kata(None)


# ---- exercise packs: installed distributions simulated by a dist-info folder on sys.path -------------

PACK_INIT = '''"""A test pack: exercise {id}."""
from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(id={id!r}, title="Double a number", track="ta", kind="implement", framework="python",
                      points=2, package=__name__, hints=("Multiply by two.", "x * 2"), mistakes=("tripled",),
                      reference=__name__ + ".reference", checks=__name__ + ".checks", time_limit=20))
'''

PACK_FILES = {
    "statement.md": "Write `double(x)`, which returns twice `x`.\n",
    "stub.py": "def double(x):\n    raise NotImplementedError('double')\n",
    "reference.py": (
        "def double(x):\n    return 2 * x\n\n\n"
        "# ---- known mistakes\n"
        "from kata.mistakes import mistake  # noqa: E402\n\n"
        "MISTAKES = (mistake('tripled', 'you multiply by 3; double means times 2', double=lambda x: 3 * x),)\n"
    ),
    "checks.py": (
        '"""Checks of the test pack."""\n'
        "from kata.testing import expect_same, points\n\n\n"
        "@points(2)\n"
        "def test_double(solution, reference):\n"
        '    """double(x) is twice x"""\n'
        "    for x in (0, 1, 21):\n"
        "        expect_same(lambda m: m.double(x), solution, reference, atol=0, what=f'double({x})')\n"
    ),
}


@dataclass
class Packs:
    """Writes fake installed distributions with a ``kata`` entry point into ``site`` (on sys.path)."""

    site: Path
    modules: list[str]

    def add(self, distribution: str, entry: str, module: str, init: str, files: dict[str, str] | None = None,
            version: str = "0.1.0", target: str | None = None) -> None:
        import importlib

        package = self.site / module
        package.mkdir()
        (package / "__init__.py").write_text(init, encoding="utf-8")
        for name, text in (files or {}).items():
            (package / name).write_text(text, encoding="utf-8")
        info = self.site / f"{distribution.replace('-', '_')}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {distribution}\nVersion: {version}\n",
                                       encoding="utf-8")
        (info / "entry_points.txt").write_text(f"[kata]\n{entry} = {target or module}\n", encoding="utf-8")
        self.modules.append(module)
        importlib.invalidate_caches()

    def add_exercise_pack(self, distribution: str = "kata-goodpack", entry: str = "good",
                          module: str = "kata_goodpack", exercise_id: str = "ta.901",
                          files: dict[str, str] | None = None) -> None:
        self.add(distribution, entry, module, PACK_INIT.format(id=exercise_id), {**PACK_FILES, **(files or {})})


@pytest.fixture
def packs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import importlib
    import sys

    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setenv("KATA_NO_CACHE", "1")  # the folder is new to every test; rescan rather than trust a cache
    made = Packs(site, [])
    yield made
    for name in list(sys.modules):
        if name.split(".")[0] in made.modules:
            del sys.modules[name]
    importlib.invalidate_caches()
