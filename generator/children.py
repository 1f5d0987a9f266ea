"""Child processes (MkDocs builds, the Chinese worker) that never outlive the command that started them.

A parent killed with SIGKILL cannot clean up, so a child asks Linux to kill it when the parent dies
(prctl PR_SET_PDEATHSIG, die_with_parent); run() also starts it in a process group of its own and kills
that group when it is left by an exception (a signal, Ctrl-C).
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import signal
import subprocess
import sys

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this process when its parent ends; call it first in a child. parent: the
    parent's process id, read before the fork: if the parent is gone already, exit at once."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


def run(command: list[str], env: dict[str, str] | None = None, cwd: str | None = None) -> int:
    """Run command and return its exit status; it and every process it starts end when this one does
    (an exception while waiting kills the child's process group before it propagates)."""
    process = subprocess.Popen(command, env=env, cwd=cwd, start_new_session=True,
                               preexec_fn=functools.partial(die_with_parent, os.getpid()))
    try:
        return process.wait()
    except BaseException:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)  # its group: the Chinese build it forked too
        process.wait()
        raise
