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
from typing import Any


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
    spec = importlib.util.spec_from_file_location(module_name, path)
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
        raise LoadError(f"your file has a syntax error on line {exc.lineno}: {exc.msg}\n    {line}\n    {caret}") from None
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
        where = "".join(f"\n  line {f.lineno}, in {f.name}: {(f.line or '').strip()}" for f in frames[-3:])
        raise LoadError(f"your file raised {type(exc).__name__}: {exc} while being imported{where}") from None
    return module


def _write(result_path: Path, result: dict[str, Any]) -> None:
    tmp = result_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(result), encoding="utf-8")
    os.replace(tmp, result_path)


def run(spec: dict[str, Any]) -> dict[str, Any]:
    limit_memory(int(spec.get("memory_limit_mb", 4096)))
    workdir = Path(spec["workdir"])
    try:
        import pytest

        from kata.grading.plugin import GradingPlugin, LearnerModule
        from kata.mistakes import find

        reference = importlib.import_module(spec["reference"])
        checks = importlib.util.find_spec(spec["checks"])
        if checks is None or not checks.origin:
            raise ModuleNotFoundError(f"no checks module {spec['checks']}")
    except Exception as exc:
        return {"status": "internal", "message": f"the exercise's checks or reference failed to load: {type(exc).__name__}: {exc}"}

    source = spec["solution"]
    learner_file = None
    try:
        if "mistake" in source:
            module = find(reference, source["mistake"]).apply(reference)
            learner_file = reference.__file__
        else:
            learner_file = str(Path(source["file"]).resolve())
            module = load_learner(Path(learner_file))
    except LoadError as exc:
        return {"status": "error", "message": str(exc)}
    except KeyError as exc:
        return {"status": "internal", "message": f"the reference declares no mistake {exc}"}

    plugin = GradingPlugin(LearnerModule(module, spec["exercise_id"]), reference, learner_file,
                           Path(spec.get("workspace") or workdir), short=bool(spec.get("short")))
    ini = workdir / "pytest.ini"
    ini.write_text("[pytest]\n", encoding="utf-8")
    args = [checks.origin, "-c", str(ini), "--rootdir", str(workdir), "--noconftest", "-q", "--no-header",
            "-p", "no:cacheprovider", "-p", "no:stepwise", "--tb=no", "-W", "ignore"]
    exit_code = pytest.main(args, plugins=[plugin])
    checks_out = plugin.outcomes()
    if plugin.out_of_memory:
        return {"status": "error", "message": "your code ran out of memory (it hit the memory limit for this exercise)",
                "checks": checks_out}
    if plugin.internal_errors or not checks_out:
        problems = plugin.internal_errors or [f"pytest ran no check (exit code {int(exit_code)})"]
        return {"status": "internal", "message": "; ".join(problems), "checks": checks_out}
    reflection = getattr(module, "REFLECTION", "")
    return {"status": "ran", "checks": checks_out,
            "reflection": reflection[:4000] if isinstance(reflection, str) else ""}


def main(argv: list[str]) -> int:
    spec = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    result = run(spec)
    sys.stdout.flush()
    _write(Path(spec["result"]), result)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
