"""The grading child: ``python -m kata.grading.child SPEC.json``.

Loads the learner's file, runs the exercise's checks with pytest and our plugin,
and writes one JSON result file. The parent never trusts anything else: a child
that dies or exits before writing the result is an error, never a pass.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import sys
import traceback
from pathlib import Path
from typing import Any, Callable


PYTEST_PACKAGES = ("_pytest", "pytest", "pluggy")
# pytest's own plugins that play no part in a grade, blocked so that pytest does not even import them: no terminal
# report (what the child prints is the learner's own output), no cache or stepwise state, no XML, doctest,
# unittest-class or pastebin support (importing them pulled in xml.etree, asyncio and ssl), and the two that only
# turn exceptions raised in __del__ or in threads into warnings, which "-W ignore" drops (at the end of the session
# the first collected garbage five times: a quarter of a small check's time).
UNUSED_PYTEST_PLUGINS = ("cacheprovider", "stepwise", "terminal", "junitxml", "doctest", "unittest", "pastebin",
                         "legacypath", "setuponly", "setupplan", "unraisableexception", "threadexception")


class LoadError(Exception):
    """The learner's file could not be run at all."""


def limit_memory(megabytes: int) -> None:
    try:
        import resource
    except ImportError:  # not on this OS: the parent's time limit still holds
        return
    limit = megabytes * 1024 * 1024
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard if hard != resource.RLIM_INFINITY and hard < limit else limit))
    except (ValueError, OSError):
        pass


def load_learner(path: Path, module_name: str = "kata_solution") -> Any:
    """Import the learner's file, turning every way it can fail into a :class:`LoadError`."""
    if not path.is_file():
        raise LoadError(f"the file {path} does not exist")
    from kata.state.notebooks import NotebookError, NotebookLoader, place

    loader = None
    if path.suffix == ".ipynb":  # a Jupyter notebook: its code cells, in order, IPython-only lines left out
        try:
            loader = NotebookLoader(path)
        except NotebookError as exc:
            raise LoadError(str(exc)) from None
    spec = importlib.util.spec_from_file_location(module_name, path, loader=loader)
    if spec is None or spec.loader is None:
        raise LoadError(f"{path.name} cannot be imported as Python (is it a .py file?)")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    if str(path.parent) not in sys.path:
        sys.path.append(str(path.parent))
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        line = (exc.text or "").rstrip("\n")
        caret = " " * max((exc.offset or 1) - 1, 0) + "^"
        at = place(str(path), exc.lineno or 0)
        raise LoadError(f"your file has a syntax error on {at}: {exc.msg}\n    {line}\n    {caret}") from None
    except ImportError as exc:
        raise LoadError(f"your file could not be imported: {type(exc).__name__}: {exc}") from None
    except SystemExit as exc:
        raise LoadError(
            f"your file called sys.exit({exc.code!r}) while being imported. The checks import your file; "
            "put script code under `if __name__ == \"__main__\":`"
        ) from None
    except MemoryError:
        raise LoadError("your file ran out of memory while being imported (the memory limit was hit)") from None
    except BaseException as exc:
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == str(path)]
        where = "".join(f"\n  {place(f.filename, f.lineno or 0)}, in {f.name}: {(f.line or '').strip()}" for f in frames[-3:])
        raise LoadError(f"your file raised {type(exc).__name__}: {exc} while being imported{where}") from None
    return module


def _loader(path: Path, failed: type[Exception]) -> Callable[[], Any]:
    """Load the learner's file when the plugin asks, with a load failure as the plugin's exception."""
    def load() -> Any:
        try:
            return load_learner(path)
        except LoadError as exc:
            raise failed(str(exc)) from None

    return load


def _say_ready(fd: int | None) -> None:
    """Tell the parent (kata.grading.runner.grade) that the learner's code is about to run; a batch has no such fd."""
    if fd is None:
        return
    try:
        os.write(fd, b"1")
        os.close(fd)
    except OSError:
        pass


def _read_token() -> bytes:
    """The parent's secret for signing the result, read before any learner code runs; stdin is empty after."""
    token = sys.stdin.buffer.readline().strip() if sys.stdin is not None else b""
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    return token


def run(spec: dict[str, Any]) -> dict[str, Any]:
    limit_memory(int(spec.get("memory_limit_mb", 4096)))
    workdir = Path(spec["workdir"])
    try:
        import pytest

        from kata.grading import guard
        from kata.grading.plugin import GradingPlugin, LearnerModule, LoadFailed
        from kata.mistakes import find

        reference = importlib.import_module(spec["reference"])
        checks = importlib.util.find_spec(spec["checks"])
        if checks is None or not checks.origin:
            raise ModuleNotFoundError(f"no checks module {spec['checks']}")
    except Exception as exc:
        return {"status": "internal", "message": f"the exercise's checks or reference failed to load: {type(exc).__name__}: {exc}"}

    source = spec["solution"]
    try:
        if "mistake" in source:
            mistaken = find(reference, source["mistake"]).apply(reference)
            learner_file, load = reference.__file__, (lambda: mistaken)
        else:
            learner_file = str(Path(source["file"]).resolve())
            load = _loader(Path(learner_file), LoadFailed)
    except KeyError as exc:
        return {"status": "internal", "message": f"the reference declares no mistake {exc}"}

    # The reference graded as a learner file (kata verify) and declared mistakes may use the grader's modules.
    trusted = "mistake" in source or os.path.realpath(learner_file) == os.path.realpath(reference.__file__)
    policy = guard.policy_for(reference=spec["reference"], checks=spec["checks"], package=spec.get("package", ""),
                              learner_file=learner_file, trusted=trusted,
                              grading_files=[spec["result"], *(str(workdir / n) for n in ("spec.json", "pytest.ini", "status.json"))])
    text = None if trusted else guard.learner_source(Path(learner_file))
    found = guard.forbidden_imports(text, policy) if text else []
    if found:
        return {"status": "error", "message": guard.refusal_message(found)}
    watch: list[guard.Watch] = []

    def arm() -> guard.Watch:  # called by the plugin just before the learner's file loads
        sys.dont_write_bytecode = True  # nothing of the learner's is cached: its folder stays as it was
        _say_ready(spec.get("ready_fd"))  # the parent's clock for the time limit starts now
        uses = [m for m in (reference, sys.modules.get(spec["checks"])) if m is not None]
        watch.append(guard.arm(policy, uses))
        return watch[0]

    solution = LearnerModule(None, spec["exercise_id"])
    plugin = GradingPlugin(solution, reference, learner_file, Path(spec.get("workspace") or workdir),
                           short=bool(spec.get("short")), load=load, arm=arm, stop_at=str(spec.get("stop_at") or ""))
    ini = workdir / "pytest.ini"
    ini.write_text("[pytest]\n", encoding="utf-8")
    # No terminal reporter: what the child prints is the learner's own output, shown when something goes wrong.
    args = [checks.origin, "-c", str(ini), "--rootdir", str(workdir), "--noconftest", "-W", "ignore",
            *(arg for name in UNUSED_PYTEST_PLUGINS for arg in ("-p", f"no:{name}"))]
    for name in ("PYTEST_ADDOPTS", "PYTEST_PLUGINS"):  # only our arguments and plugin
        os.environ.pop(name, None)
    # Installed pytest plugins (xdist, hypothesis, ...) play no part in a grade, and finding them through their
    # entry points cost more than half a second per grading.
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    exit_code = pytest.main(args, plugins=[plugin])
    if plugin.load_error:
        return {"status": "error", "message": plugin.load_error}
    checks_out = plugin.outcomes()
    reflection = getattr(object.__getattribute__(solution, "_module"), "REFLECTION", "")
    sys.setswitchinterval(1000.0)  # from the last check to the signed write, no thread of the learner's runs
    after = watch[0].refused() + watch[0].changed(True, PYTEST_PACKAGES) if watch else []  # pytest has undone its own
    problems = plugin.tampering + [p for p in after if p not in plugin.tampering]
    if problems:
        return {"status": "error", "message": guard.tampering_message(problems), "checks": checks_out}
    if plugin.out_of_memory:
        return {"status": "error", "message": "your code ran out of memory (it hit the memory limit for this exercise)",
                "checks": checks_out}
    if plugin.internal_errors or not checks_out:
        problems = plugin.internal_errors or [f"pytest ran no check (exit code {int(exit_code)})"]
        return {"status": "internal", "message": "; ".join(problems), "checks": checks_out}
    if plugin.unfinished and not plugin.stopped_early:
        return {"status": "error", "checks": checks_out,
                "message": f"the checks stopped before {len(plugin.unfinished)} of them reported: something in your "
                           "code ended the test run (KeyboardInterrupt, pytest.exit(), ...)"}
    return {"status": "ran", "checks": checks_out,
            "reflection": reflection[:4000] if type(reflection) is str else ""}


def main(argv: list[str]) -> int:
    spec = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    token = _read_token()
    from kata.grading.guard import seal

    with open(spec["result"], "wb") as out:  # opened before any learner code runs; the guard refuses later opens
        data = seal(run(spec), token)
        sys.stdout.flush()
        sys.stderr.flush()
        out.write(data)
    os._exit(0)  # nothing the learner's code left behind (atexit, finalizers, threads) runs after the result


if __name__ == "__main__":
    sys.exit(main(sys.argv))
