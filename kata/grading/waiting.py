"""Waiting for a child process to end, woken the moment it does, with a deadline.

``subprocess.Popen.wait(timeout=...)`` and a ``waitpid(WNOHANG)`` loop both sleep between looks, up to 50 ms and
20 ms: time a grading spent doing nothing after the child had finished. Linux gives a process a file descriptor
that becomes readable when it ends (``os.pidfd_open``); where there is none, the callers fall back to polling.
"""

from __future__ import annotations

import os
import select


def ended_within(pid: int, seconds: float) -> bool | None:
    """True when the process ``pid`` has ended (it is not reaped here), False when ``seconds`` passed first,
    None when this system cannot tell without polling."""
    try:
        handle = os.pidfd_open(pid)
    except (AttributeError, OSError):
        return None
    try:
        return bool(select.select([handle], [], [], max(0.0, seconds))[0])
    finally:
        os.close(handle)
