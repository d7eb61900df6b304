"""Builds the pluggy plugin manager: built-in exercises plus installed packs.

Built-in exercise plugins are the sub-packages of ``exercises``, registered by
import. Packs come from the entry-point group ``kata``. Environment switches:

- ``KATA_LOAD_PLUGINS=a,b``: load only these packs (empty: no packs at all);
- ``KATA_DISABLE_PLUGINS=a,b``: skip these packs (``builtin`` skips the built-ins);
- ``KATA_STRICT_PLUGINS=1``: a pack that fails to load is fatal, not a warning.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from typing import Callable, Mapping

import pluggy

from kata import hookspecs
from kata.state.builtins import BUILTIN, builtin_modules
from kata.state.notices import PluginLoadError, warn

__all__ = ["BUILTIN", "LoadedPlugins", "PluginInfo", "PluginLoadError", "builtin_modules", "call_register",
           "load_plugins", "make_manager", "warn"]


@dataclass
class PluginInfo:
    """What ``kata plugins`` shows for one loaded plugin."""

    name: str
    distribution: str
    modules: list[str] = field(default_factory=list)
    exercises: list[str] = field(default_factory=list)


@dataclass
class LoadedPlugins:
    manager: pluggy.PluginManager
    info: dict[str, PluginInfo]
    warnings: list[str]
    owner: dict[object, str]  # plugin object -> PluginInfo name


def _names(value: str | None) -> set[str] | None:
    if value is None:
        return None
    return {part.strip() for part in value.split(",") if part.strip()}


def _strict(env: Mapping[str, str]) -> bool:
    return env.get("KATA_STRICT_PLUGINS", "").strip().lower() not in ("", "0", "false", "no")


class _Manager(pluggy.PluginManager):
    """pluggy's manager, skipping a plugin's dunder names (``__file__``, ``__spec__``, ...) at once.

    Every built-in exercise is a module plugin, and pluggy looked at each of its names with
    ``inspect.getattr_static``: that cost about a sixth of `kata list`. No hook implementation has such a name.
    """

    def parse_hookimpl_opts(self, plugin: object, name: str):  # noqa: ANN201 (pluggy's own return type)
        if name.startswith("__") and name.endswith("__"):
            return None
        return super().parse_hookimpl_opts(plugin, name)


def make_manager() -> pluggy.PluginManager:
    manager = _Manager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    return manager


def load_plugins(env: Mapping[str, str] | None = None, *, entry_points: bool = True) -> LoadedPlugins:
    """Register built-ins and packs on a fresh manager; broken packs become warnings."""
    env = os.environ if env is None else env
    manager = make_manager()
    loaded = LoadedPlugins(manager, {}, [], {})
    only = _names(env.get("KATA_LOAD_PLUGINS"))
    disabled = _names(env.get("KATA_DISABLE_PLUGINS")) or set()

    if BUILTIN not in disabled:
        info = PluginInfo(BUILTIN, "transformer-kata")
        for module_name in builtin_modules():
            module = importlib.import_module(module_name)
            manager.register(module, name=module_name)
            loaded.owner[module] = BUILTIN
            info.modules.append(module_name)
        loaded.info[BUILTIN] = info

    if entry_points:
        from kata.state.entry_points import find

        for ep in find(hookspecs.PROJECT):
            if ep.name in disabled or (only is not None and ep.name not in only):
                continue
            dist = ep.distribution
            try:
                module = ep.load()
                manager.register(module, name=f"{ep.name}:{ep.value}")
            except Exception as exc:  # a pack's own bug must not take the others down
                _fail(loaded, env, f"plugin '{ep.name}' from {dist} failed to load ({type(exc).__name__}: {exc})")
                continue
            loaded.owner[module] = ep.name
            loaded.info[ep.name] = PluginInfo(ep.name, dist, [ep.value])
    manager.check_pending()
    return loaded


def _fail(loaded: LoadedPlugins, env: Mapping[str, str], message: str) -> None:
    if _strict(env):
        raise PluginLoadError(message)
    loaded.warnings.append(f"{message}; the other exercises are available (KATA_STRICT_PLUGINS=1 makes this fatal)")


def call_register(loaded: LoadedPlugins, register: Callable, env: Mapping[str, str] | None = None) -> None:
    """Call ``kata_register_exercises`` on each plugin, isolating broken ones.

    ``register`` receives ``(exercise, plugin_name)``.
    """
    env = os.environ if env is None else env
    hook = loaded.manager.hook.kata_register_exercises
    for impl in hook.get_hookimpls():
        owner = loaded.owner.get(impl.plugin, impl.plugin_name)
        collected = []
        try:
            impl.function(register=collected.append)
        except Exception as exc:
            _fail(loaded, env, f"plugin '{owner}' raised while registering exercises ({type(exc).__name__}: {exc})")
            continue
        for exercise in collected:
            register(exercise, owner)
