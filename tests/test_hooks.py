"""Every hook of kata/hookspecs.py: a test that calls it on a fresh plugin manager, and a line in the README.

Meta-tests (after datasette's tests/test_plugins.py) keep it that way: a new hookspec without a test named
``test_hook_<name>`` or without a mention in README.md fails the suite.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import click
import pytest

from conftest import ROOT, Kata
from kata import hookspecs
from kata.exercise import Exercise
from kata.hookspecs import hookimpl
from kata.state.plugins import call_register, load_plugins, make_manager
from kata.state.registry import Registry, load_registry

HOOK_NAMES = sorted(name for name, value in vars(hookspecs).items()
                    if name.startswith("kata_") and callable(value))


def _exercise(exercise_id: str = "pack.1") -> Exercise:
    return Exercise(id=exercise_id, title="A pack exercise", track="ta", kind="implement", framework="python",
                    points=1, package="exercises.stage6_07_layer_norm", hints=("a hint",))


class RegistersOne:
    @hookimpl
    def kata_register_exercises(self, register):
        register(_exercise())


def test_hookspecs_are_found() -> None:
    assert "kata_register_exercises" in HOOK_NAMES
    manager = make_manager()
    assert sorted(name for name in dir(manager.hook) if name.startswith("kata_")) == HOOK_NAMES


def test_make_manager_is_fresh_each_time() -> None:
    first, second = make_manager(), make_manager()
    first.register(RegistersOne(), name="one")
    assert first.get_plugin("one") is not None
    assert second.get_plugin("one") is None
    assert second.hook.kata_register_exercises.get_hookimpls() == []


def test_hook_kata_register_exercises() -> None:
    manager = make_manager()
    manager.register(RegistersOne(), name="one")
    found: list[Exercise] = []
    manager.hook.kata_register_exercises(register=found.append)
    assert [e.id for e in found] == ["pack.1"]
    assert found[0].reference == "reference.stage6_07_layer_norm"


def test_hook_kata_register_exercises_feeds_the_registry() -> None:
    """A plugin object registered on a fresh manager ends up in a Registry, owned by its plugin."""
    loaded = load_plugins(env={"KATA_DISABLE_PLUGINS": "builtin"}, entry_points=False)
    plugin = RegistersOne()
    loaded.manager.register(plugin, name="one")
    loaded.owner[plugin] = "one"
    registry = Registry(plugins=loaded)
    call_register(loaded, lambda exercise, owner: registry.add(exercise, owner), env={})
    assert list(registry.exercises) == ["pack.1"]
    assert registry.owner["pack.1"] == "one"


def test_hook_kata_register_exercises_builtins_are_default_plugins() -> None:
    loaded = load_plugins(env={}, entry_points=False)
    found: list[Exercise] = []
    loaded.manager.hook.kata_register_exercises(register=found.append)
    assert "6.7" in {e.id for e in found}
    assert "exercises.stage6_07_layer_norm" in loaded.info["builtin"].modules


def test_hook_kata_register_exercises_needs_keyword_arguments() -> None:
    manager = make_manager()
    manager.register(RegistersOne())
    with pytest.raises(TypeError):
        manager.hook.kata_register_exercises(print)  # pluggy hooks take keyword arguments only


def test_hook_kata_register_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    """A plugin adds a Click command; `kata --help` lists it and `kata NAME` runs it."""
    from kata import app

    @click.command("greet")
    @click.argument("who")
    def greet(who: str) -> None:
        """Say hello (added by a plugin)."""
        click.echo(f"hello {who}")

    class AddsCommand:
        @hookimpl
        def kata_register_commands(self, cli):
            cli.add_command(greet)

    manager = make_manager()
    manager.register(AddsCommand())
    group = click.Group("demo")
    manager.hook.kata_register_commands(cli=group)
    assert group.commands["greet"] is greet

    real = load_registry

    def with_plugin(env=None, *, entry_points=True) -> Registry:
        registry = real(env, entry_points=False)
        registry.plugins.manager.register(AddsCommand())
        return registry

    monkeypatch.setattr(app, "cached_registry", with_plugin)  # what App.registry loads
    runner = Kata(None)
    helped = runner("--help")
    assert helped.exit_code == 0
    assert re.search(r"^\s+greet\s+Say hello", helped.stdout, re.M), helped.stdout
    ran = runner("greet", "world")
    assert (ran.exit_code, ran.stdout) == (0, "hello world\n")


# ---- meta-tests ---------------------------------------------------------------------------------------

def test_every_hook_has_a_test() -> None:
    test_names = set()
    for module in Path(__file__).parent.glob("test_*.py"):
        test_names |= set(re.findall(r"^def (test_\w+)\(", module.read_text(encoding="utf-8"), re.M))
    untested = [hook for hook in HOOK_NAMES if not any(name.startswith(f"test_hook_{hook}") for name in test_names)]
    assert untested == [], f"hooks without a test named test_hook_<hook>: {untested}"


def test_every_hook_is_in_the_readme() -> None:
    readme = ROOT / "README.md"
    assert readme.is_file(), "README.md is missing; it must document every plugin hook"
    text = readme.read_text(encoding="utf-8")
    assert re.search(r"^#+ .*Plugin hooks", text, re.M | re.I), "README.md has no 'Plugin hooks' section"
    undocumented = [hook for hook in HOOK_NAMES if hook not in text]
    assert undocumented == [], f"hooks missing from README.md: {undocumented}"


@pytest.mark.parametrize("hook", HOOK_NAMES)
def test_every_hookspec_is_typed_and_documents_its_parameters(hook: str) -> None:
    function = getattr(hookspecs, hook)
    doc = inspect.getdoc(function) or ""
    assert doc.strip(), f"{hook} has no docstring"
    for name, parameter in inspect.signature(function).parameters.items():
        assert parameter.annotation is not inspect.Parameter.empty, f"{hook}({name}) has no type hint"
        assert f":param {name}:" in doc, f"{hook}'s docstring has no ':param {name}:'"
