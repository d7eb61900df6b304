"""Where the learner's files live: ``--workspace``, ``KATA_WORKSPACE``, the nearest enclosing one, or here."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from kata.exercise import Exercise

MARKER = ".kata"


def find_workspace(explicit: str | os.PathLike | None = None, env: Mapping[str, str] | None = None,
                   cwd: Path | None = None) -> "Workspace":
    env = os.environ if env is None else env
    chosen = explicit or env.get("KATA_WORKSPACE")
    if chosen:
        return Workspace(Path(chosen).expanduser().resolve())
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).is_dir():
            return Workspace(folder)
    return Workspace(here)


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def data_dir(self) -> Path:
        return self.root / MARKER

    @property
    def store_path(self) -> Path:
        return self.data_dir / "progress.sqlite3"

    def exists(self) -> bool:
        return self.data_dir.is_dir()

    def ensure(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        ignore = self.data_dir / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")

    def file_for(self, exercise: Exercise) -> Path:
        return self.root / exercise.filename

    def backup(self, path: Path) -> Path:
        """Copy ``path`` into ``.kata/backups/`` with a timestamp; returns the copy's path."""
        import shutil

        folder = self.data_dir / "backups"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = folder / f"{path.stem}.{stamp}{path.suffix}"
        n = 1
        while target.exists():
            target = folder / f"{path.stem}.{stamp}-{n}{path.suffix}"
            n += 1
        shutil.copy2(path, target)
        return target
