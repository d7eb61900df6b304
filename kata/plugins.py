"""Public path kept for packs and scripts; the code lives in kata.state.plugins."""

from __future__ import annotations

from kata.state.plugins import (BUILTIN, LoadedPlugins, PluginInfo, PluginLoadError, builtin_modules, call_register,
                                load_plugins, make_manager, warn)

__all__ = ["BUILTIN", "LoadedPlugins", "PluginInfo", "PluginLoadError", "builtin_modules", "call_register",
           "load_plugins", "make_manager", "warn"]
