"""Jupyter notebooks as learner files: write one for an exercise, read one back as Python.

``kata start ID --notebook`` writes an nbformat-4 notebook: the statement as markdown, the stub as code cells
(imports, then one cell per top-level function or class), and how to grade it. ``kata check ID --file x.ipynb``
grades its code cells, which the grading child loads through :class:`NotebookLoader`:

- the code cells run in order, each compiled on its own as Jupyter does; markdown and raw cells are skipped;
- IPython-only lines (magics ``%...``, shell ``!...``, help ``name?``, ``get_ipython()`` calls) become comments
  (``pass`` where a block needs a statement), so line numbers stay those of the cell; a cell that starts with a cell
  magic (``%%time``, ``%%bash``) is left out whole;
- messages name the cell: "line 2 of cell 3", cells counted from 1 at the top, markdown included.

The ``%kata`` magic writes the kernel's history as such a notebook, with ``metadata.kata`` on each cell: ``label``
names it in messages ("In [5]"), and ``raised: true`` marks a cell that raised an error when it ran in the kernel,
which is replayed up to that error and no further, as the kernel ran it.

A file that is not JSON, or not nbformat 4, raises :class:`NotebookError`; grading reports it as a file that could
not be run (exit 3), as it does a syntax error. Reading uses ``json``; only writing imports nbformat.
"""

from __future__ import annotations

import ast
import importlib.abc
import json
import linecache
import re
from dataclasses import dataclass
from pathlib import Path
from types import CodeType, ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kata.exercise import Exercise

SUFFIX = ".ipynb"
LEFT_OUT = "# kata: IPython-only, left out: "
# Only tried on a cell that is not valid Python as it stands: a magic, a shell escape, a help request, or an
# assignment from one (`files = !ls`). In a valid cell a line starting with `%` is a continued expression.
IPYTHON_LINE = re.compile(r"\s*(%|!|\?|[\w.]+\?{1,2}\s*$|[\w.]+(\s*,\s*[\w.]+)*\s*=\s*[%!])")
KERNEL = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
          "language_info": {"name": "python"}}


class NotebookError(ValueError):
    """The file is not a notebook kata can read (not JSON, not nbformat 4, malformed cells)."""


@dataclass(frozen=True)
class Cell:
    label: str  # how messages name it: "cell 3", "In [5]"
    source: str
    raised: bool = False  # it raised when it ran in the kernel: an error on the way is expected, not reported


@dataclass(frozen=True)
class _Part:
    cell: Cell
    start: int  # the script line of the cell's first line
    code: str  # the cell with IPython-only lines commented out; as many lines as the cell


class NotebookScript:
    """Code cells as one Python program whose line numbers map back to "line L of cell C"."""

    def __init__(self, cells: list[Cell], filename: str):
        self.filename = filename
        self.parts: list[_Part] = []
        lines: list[str] = []
        for cell in cells:
            lines.append(f"# %% {cell.label}")  # the percent format that editors read as cell marks
            code = python_only(cell.source)
            self.parts.append(_Part(cell, len(lines) + 1, code))
            lines.extend(code.split("\n"))
        self.source = "\n".join(lines) + "\n"

    def where(self, lineno: int) -> str:
        """The place of a script line, in the learner's terms."""
        part = next((p for p in reversed(self.parts) if p.start - 1 <= lineno), None)
        if part is None:
            return f"line {lineno}"
        label = part.cell.label
        return label if lineno < part.start else f"line {lineno - part.start + 1} of {label}"

    def code_objects(self) -> list[CodeType]:
        """One code object per cell, with script line numbers; raises SyntaxError at the first broken cell.

        The script is put in linecache under the notebook's name, so tracebacks show the Python line, not JSON.
        """
        lines = self.source.splitlines(True)
        linecache.cache[self.filename] = (len(self.source), None, lines, self.filename)
        _LOADED[self.filename] = self
        try:
            return [compile("\n" * (p.start - 1) + p.code, self.filename, "exec", dont_inherit=True)
                    for p in self.parts]
        except SyntaxError as exc:  # Python may quote the file on disk, which is JSON: quote the cell's line
            if exc.lineno and 0 < exc.lineno <= len(lines):
                exc.text = lines[exc.lineno - 1]
            raise


_LOADED: dict[str, NotebookScript] = {}


def place(filename: str, lineno: int) -> str:
    """'line N' of a plain file; 'line L of cell C' of a notebook loaded in this process."""
    script = _LOADED.get(filename)
    return script.where(lineno) if script else f"line {lineno}"


class NotebookLoader(importlib.abc.Loader):
    """Runs a notebook's code cells as a module (``importlib.util.spec_from_file_location(..., loader=)``)."""

    def __init__(self, path: Path):
        self.script = read_script(path)

    def exec_module(self, module: ModuleType) -> None:
        for part, code in zip(self.script.parts, self.script.code_objects()):
            try:
                exec(code, module.__dict__)
            except Exception:
                if not part.cell.raised:
                    raise

    def get_source(self, _fullname: str) -> str:
        return self.script.source


# ---- reading ---------------------------------------------------------------------------------------------

def read_script(path: Path) -> NotebookScript:
    return NotebookScript(read_cells(path), str(path))


def read_cells(path: Path) -> list[Cell]:
    """The code cells of the notebook at ``path``; :class:`NotebookError` says why a file is not one."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise NotebookError(f"{path.name} cannot be read: {exc}") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise NotebookError(f"{path.name} is not a Jupyter notebook: it is not valid JSON ({exc}). "
                            "Open it in Jupyter (or restore a backup) and save it again.") from None
    return cells_of(data, path.name)


def cells_of(data: Any, name: str) -> list[Cell]:
    if not isinstance(data, dict) or "nbformat" not in data:
        raise NotebookError(f"{name} is not a Jupyter notebook: a notebook is a JSON object with "
                            "`nbformat` and `cells`")
    if data["nbformat"] != 4:
        raise NotebookError(f"{name} is an nbformat {data['nbformat']!r} notebook; kata reads nbformat 4. "
                            "Open it in Jupyter and save it to convert it.")
    if not isinstance(data.get("cells"), list):
        raise NotebookError(f"{name} is not a valid nbformat 4 notebook: `cells` is not a list")
    cells = []
    for number, cell in enumerate(data["cells"], 1):
        if not isinstance(cell, dict) or not isinstance(cell.get("cell_type"), str):
            raise NotebookError(f"cell {number} of {name} is malformed: it has no `cell_type`")
        if cell["cell_type"] != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(s, str) for s in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise NotebookError(f"cell {number} of {name} is malformed: its `source` is not text")
        meta = cell.get("metadata")
        kata = meta.get("kata") if isinstance(meta, dict) else None
        kata = kata if isinstance(kata, dict) else {}
        label = kata.get("label")
        cells.append(Cell(label if isinstance(label, str) and label else f"cell {number}", source,
                          kata.get("raised") is True))
    return cells


def python_only(source: str) -> str:
    """``source`` with IPython-only lines commented out, line for line."""
    lines = source.split("\n")
    first = next((line for line in lines if line.strip()), "")
    if first.lstrip().startswith("%%"):  # a cell magic: the body may not even be Python
        return "\n".join(LEFT_OUT + line.strip() if line == first else _left_out(line, first=False) for line in lines)
    try:
        tree = ast.parse(source)
    except SyntaxError:
        lines = [_left_out(line) if IPYTHON_LINE.match(line) else line for line in lines]
        try:
            tree = ast.parse("\n".join(lines))
        except SyntaxError:
            return "\n".join(lines)  # a real syntax error: compiling the cell reports it
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and not hasattr(node, "body") and _calls_get_ipython(node):
            for n in range(node.lineno, (node.end_lineno or node.lineno) + 1):
                lines[n - 1] = _left_out(lines[n - 1], first=n == node.lineno)
    return "\n".join(lines)


def _calls_get_ipython(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "get_ipython"
               for n in ast.walk(node))


def _left_out(line: str, first: bool = True) -> str:
    if line.startswith(LEFT_OUT) or not line.strip():
        return line
    indent = line[:len(line) - len(line.lstrip())]
    if not first:
        return f"{indent}# {line.strip()}"
    return f"{indent}pass  {LEFT_OUT}{line.strip()}" if indent else f"{LEFT_OUT}{line.strip()}"


# ---- writing ---------------------------------------------------------------------------------------------

def notebook_path(python_file: Path) -> Path:
    """Where ``kata start --notebook`` puts the notebook: beside the .py, same stem."""
    return python_file.with_suffix(SUFFIX)


def split_stub(source: str) -> list[str]:
    """The stub as cell sources: what comes before the first def/class (docstring, imports), then one cell
    per top-level def or class with its decorators and the comment lines just above it."""
    lines = source.splitlines()
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return [source.strip("\n")]
    cuts = {1, len(lines) + 1}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            while start > 1 and lines[start - 2].lstrip().startswith("#"):
                start -= 1
            cuts.add(start)
    bounds = sorted(cuts)
    parts = ("\n".join(lines[a - 1:b - 1]).strip("\n").rstrip() for a, b in zip(bounds, bounds[1:]))
    return [part for part in parts if part.strip()]


def notebook_text(exercise: Exercise) -> str:
    """The notebook ``kata start ID --notebook`` writes, validated against the nbformat 4 schema."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    name = notebook_path(Path(exercise.filename)).as_posix()
    heading = (f"# {exercise.id} {exercise.title}\n\n*{exercise.kind}, {exercise.framework}, "
               f"{exercise.points} points*\n\n{exercise.statement().strip()}")
    grading = (
        "## Grading\n\n"
        "Run your cells, then grade them:\n\n"
        f"- here, in a new cell: `%load_ext kata` once, then `%kata check {exercise.id}`. It grades the cells run "
        f"in this kernel, in a separate process; `%kata hint {exercise.id}` gives a hint, "
        f"`%kata show {exercise.id}` the statement.\n"
        f"- in a terminal, from the workspace folder, after saving: `kata check {exercise.id} --file {name}` "
        f"(or just `kata check {exercise.id}` while there is no `{exercise.filename}`).\n\n"
        "Lines such as `%matplotlib inline` or `!pip list` are left out when grading; errors name the cell, "
        "counted from the top of the notebook."
    )
    cells = [new_markdown_cell(heading), *(new_code_cell(part) for part in split_stub(exercise.stub())),
             new_markdown_cell(grading)]
    notebook = new_notebook(cells=cells, metadata={**KERNEL, "kata": {"exercise": exercise.id}})
    nbformat.validate(notebook)
    return nbformat.writes(notebook)
