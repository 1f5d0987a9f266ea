"""Child processes that never outlive the command that started them.

`python -m generator build` runs MkDocs as children (one per language), and `mkdocs build`
starts the Chinese build in a worker (site/worker.py). Killed with SIGKILL, the parent cannot clean up; killed with SIGTERM
it could, but the child is in its process group only when a terminal sent the signal.
So run() starts the child in a process group of its own, asks Linux to kill it when
the parent dies (prctl PR_SET_PDEATHSIG; a child started elsewhere asks with die_with_parent),
and kills the whole group when run() is left by an exception (a signal, Ctrl-C).
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
    """Ask Linux to SIGKILL this process when its parent ends (nothing elsewhere); call it first in a child.

    parent: the parent's process id, read before the fork: if it is gone already (it died
    before the request could be made), exit at once.
    """
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)


def run(command: list[str], env: dict[str, str] | None = None, cwd: str | None = None) -> int:
    """Run command and return its exit status; it and every process it starts end when this one does.

    Output goes where ours goes. An exception while waiting (KeyboardInterrupt, a signal
    turned into one) kills the child's whole process group before it propagates.
    """
    process = subprocess.Popen(command, env=env, cwd=cwd, start_new_session=True,
                               preexec_fn=functools.partial(die_with_parent, os.getpid()))
    try:
        return process.wait()
    except BaseException:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)  # its group: the Chinese build it forked too
        process.wait()
        raise
