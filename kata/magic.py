"""The ``%kata`` IPython magic: grade what you ran in a Jupyter kernel, and see the report inline.

::

    %load_ext kata
    %kata check 6.7       # grades the cells run so far in this kernel
    %kata hint 6.7        # any other kata command runs as in a terminal: show, hint, list, progress, ...

``check`` replays this kernel's history (``In``) in order, as the kernel ran it: cells that did not compile are
left out, a cell that raised an error runs up to that error (known for cells run after ``%load_ext kata``), and
IPython-only lines (``%...``, ``!...``, the ``%kata`` line itself) are left out. The cells go into a temporary
notebook, one cell per ``In [n]``, which ``kata check --file`` grades in a separate process exactly as it grades a
file: the kernel's own objects are never trusted. Messages name the cell ("line 2 of In [5]"); the attempt is recorded in the workspace (the one
enclosing the kernel's folder, or ``--workspace DIR``). Options after the id are those of ``kata check``.

Imported only by ``%load_ext kata`` (IPython is a development dependency, not a learner's).
"""

from __future__ import annotations

import shlex
import sys
import tempfile
from pathlib import Path
from typing import Any

from IPython.core.magic import Magics, line_magic, magics_class

from kata.state.notebooks import KERNEL, Cell, python_only

_loaded: dict[int, "KataMagics"] = {}


@magics_class
class KataMagics(Magics):
    def __init__(self, shell: Any):
        super().__init__(shell)
        self.failed: set[int] = set()  # execution counts of cells that raised or did not compile

    def after_cell(self, result: Any) -> None:
        """``post_run_cell`` event: remember the cells that failed, to leave them out of the replay."""
        if not result.success and result.execution_count:
            self.failed.add(result.execution_count)

    @line_magic
    def kata(self, line: str) -> None:
        """Run a kata command here; `%kata check ID` grades the cells run in this kernel."""
        try:
            args = shlex.split(line)
        except ValueError as exc:
            print(f"kata: {exc}", file=sys.stderr)
            return
        if args[:1] != ["check"] or any(a == "--file" or a.startswith("--file=") for a in args):
            _run(args)
            return
        cells = self.kernel_cells()
        if not cells:
            print("kata: nothing has run in this kernel yet: run your code cells, then `%kata " + line.strip() + "`",
                  file=sys.stderr)
            return
        from kata.reporting import render

        with tempfile.TemporaryDirectory(prefix="kata-kernel-") as tmp:
            path = Path(tmp) / "this-kernel.ipynb"
            path.write_text(_notebook(cells), encoding="utf-8")
            render.html_sink = show_html  # a visual diff appears as an HTML table in the cell's output
            try:
                code = _run([*args, "--file", str(path)])
            finally:
                render.html_sink = None
            if code == 3:
                print(REPLAY_NOTE, file=sys.stderr)

    def kernel_cells(self) -> list[Cell]:
        """The history cells that compiled, in order, labelled "In [n]"."""
        history = self.shell.user_ns.get("In") or self.shell.history_manager.input_hist_parsed
        cells = []
        for count, source in enumerate(history):
            if count == 0 or not isinstance(source, str) or not source.strip():
                continue
            try:
                compile(python_only(source), f"In [{count}]", "exec", dont_inherit=True)
            except SyntaxError:
                continue  # it could not have run
            cells.append(Cell(f"In [{count}]", source, raised=count in self.failed))
        return cells


REPLAY_NOTE = ("(%kata check replays the cells run in this kernel, In [n], without IPython-only lines such as "
               "`!ls`. If a cell fails only here, restart the kernel and run your cells again, or save the notebook "
               "and grade it with `kata check ID --file NOTEBOOK`.)")


def _notebook(cells: list[Cell]) -> str:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    notebook = new_notebook(metadata=dict(KERNEL), cells=[
        new_code_cell(cell.source, metadata={"kata": {"label": cell.label, "raised": cell.raised}})
        for cell in cells])
    return nbformat.writes(notebook)


def show_html(snippet: str) -> None:
    """Show an HTML snippet in the cell's output (a check's visual diff)."""
    from IPython.display import HTML, display

    display(HTML(snippet))


def _run(args: list[str]) -> int:
    """The ``kata`` CLI in this process: its report is the cell's output; returns its exit status."""
    from kata.commands import main

    try:
        main(args, prog_name="kata")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    return 0


def load_ipython_extension(ipython: Any) -> None:
    if id(ipython) in _loaded:
        return
    magics = KataMagics(ipython)
    ipython.register_magics(magics)
    ipython.events.register("post_run_cell", magics.after_cell)
    _loaded[id(ipython)] = magics


def unload_ipython_extension(ipython: Any) -> None:
    magics = _loaded.pop(id(ipython), None)
    if magics is not None:
        ipython.events.unregister("post_run_cell", magics.after_cell)
