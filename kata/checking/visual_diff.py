"""Where a result differs from the expected one, as data a renderer can draw (child side).

A small 2-D result (a mask, attention weights, a T x T score matrix: at most :data:`MAX_SIDE` on each side,
or the last two axes of a small batch) travels as a *grid*: both matrices as short strings, and which cells
differ. A larger result gets one sentence that locates its errors instead ("all errors are in rows 0..3 of
index 1 of axis 1", "only the last position of axis 1 differs").

NumPy is bound when this module is imported (before the learner's file runs in the grading child), like
the comparisons in :mod:`kata.checking.compare`.
"""

from __future__ import annotations

from typing import Any

from numpy import argwhere, nonzero

MAX_SIDE = 16


def cell(value: Any, digits: int = 3) -> str:
    """A short text for one entry: T/F for booleans, ``digits`` significant digits (and inf, nan) for numbers."""
    if isinstance(value, (bool,)) or getattr(value, "dtype", None) is not None and value.dtype.kind == "b":
        return "T" if bool(value) else "F"
    number = complex(value)
    if number.imag:
        return f"{number:.{digits}g}"
    real = number.real
    if real != real:
        return "nan"
    if real in (float("inf"), float("-inf")):
        return "inf" if real > 0 else "-inf"
    text = f"{real:.{digits}g}"
    return "0" if text == "-0" else text


def fits(shape: tuple[int, ...]) -> bool:
    """Whether a result of this shape is drawn as a grid: 2-D or more, the last two axes at most MAX_SIDE."""
    return len(shape) >= 2 and shape[-2] <= MAX_SIDE and shape[-1] <= MAX_SIDE


def grid(got: Any, want: Any, wrong: Any) -> dict[str, Any] | None:
    """Both matrices and the differing cells, when the last two axes are small; else None.

    ``got`` and ``want`` have the same shape, ``wrong`` is the boolean array of entries outside the tolerance.
    For more than two axes, the 2-D slice shown is the one holding the first error.
    """
    if not fits(got.shape) or not wrong.any():
        return None
    lead = tuple(int(i) for i in argwhere(wrong)[0][:-2])
    rows, cols = got.shape[-2:]
    mine, right, bad = got[lead], want[lead], wrong[lead]
    marked = [(int(i), int(j)) for i, j in argwhere(bad)]
    for digits in range(3, 8):  # enough digits that every differing cell reads differently
        yours = [[cell(mine[i, j], digits) for j in range(cols)] for i in range(rows)]
        expected = [[cell(right[i, j], digits) for j in range(cols)] for i in range(rows)]
        if all(yours[i][j] != expected[i][j] for i, j in marked):
            break
    else:
        return None  # the differences are too small to show: the message's numbers say it better
    data: dict[str, Any] = {
        "yours": yours,
        "expected": expected,
        "wrong": ["".join("x" if bad[i, j] else "." for j in range(cols)) for i in range(rows)],
    }
    if lead:
        others = int(wrong.sum()) - int(bad.sum())
        data["slice"] = list(lead)
        data["shape"] = [int(n) for n in got.shape]
        data["elsewhere"] = others  # differing entries outside the slice shown
    return data


_SINGULAR = {"rows": "row", "columns": "column", "positions": "position"}


def _part(indices: list[int], size: int, axis: int, ndim: int) -> str:
    """"rows 0..3", "column 2", "the last row (7)", "index 1 of axis 0", "indices 0, 2 of axis 1"."""
    name = "positions" if ndim == 1 else "rows" if axis == ndim - 2 else "columns" if axis == ndim - 1 else ""
    if len(indices) == 1:
        where = f"the last {_SINGULAR.get(name, 'position')} ({size - 1})" if indices[0] == size - 1 and size > 1 \
            else f"{_SINGULAR[name]} {indices[0]}" if name else f"index {indices[0]}"
        return where if name else f"{where} of axis {axis}"
    if indices == list(range(indices[0], indices[-1] + 1)):
        span = f"{indices[0]}..{indices[-1]}"
    else:
        span = ", ".join(str(i) for i in indices[:6]) + (", ..." if len(indices) > 6 else "")
    return f"{name} {span}" if name else f"indices {span} of axis {axis}"


def _triangle(wrong: Any) -> str:
    """"on the diagonal", "above the diagonal (j > i)" ... for square last axes, when every error is there."""
    if wrong.ndim < 2 or wrong.shape[-1] != wrong.shape[-2] or wrong.shape[-1] < 2:
        return ""
    where = argwhere(wrong)
    i, j = where[:, -2], where[:, -1]
    offset = j - i
    if (offset == offset[0]).all():  # one diagonal: an off-by-one in a mask shows up here
        k = int(offset[0])
        return "on the diagonal (i == j)" if k == 0 else f"on the diagonal j == i {'+' if k > 0 else '-'} {abs(k)}"
    if (j > i).all():
        return "above the diagonal (j > i)"
    if (j < i).all():
        return "below the diagonal (j < i)"
    return ""


def locate(wrong: Any) -> str:
    """One sentence on where the differing entries are, or "" when there is one, or they are everywhere."""
    if wrong.size < 2 or int(wrong.sum()) < 2:
        return ""  # the message already gives the index of a single error
    ndim, parts = wrong.ndim, []
    for axis in range(ndim):
        others = tuple(a for a in range(ndim) if a != axis)
        indices = [int(i) for i in nonzero(wrong.any(axis=others) if others else wrong)[0]]
        if len(indices) < wrong.shape[axis]:  # errors on every index of an axis say nothing about it
            parts.append(_part(indices, wrong.shape[axis], axis, ndim))
    triangle = _triangle(wrong)
    if len(parts) == 1 and parts[0].startswith("the last"):
        text = f"only {parts[0]} differs"
    elif parts:
        text = f"all errors are in {', '.join(parts)}"
    else:
        return f"all errors are {triangle}" if triangle else ""
    return f"{text}, all {triangle}" if triangle else text
