"""Run one function in a forked child process while the caller goes on: the Chinese
build beside the English one, so a rebuild under `mkdocs serve` takes the time of
the slower language instead of the sum of both (two cores: about half).

Only where fork is safe to use from a threaded process (Linux). Elsewhere
`start` returns None and the caller runs the function itself, in order.

The child shares nothing back but its exit status and, when it fails, one
message through a pipe; the function writes its results to disk (a site folder).
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from ..children import die_with_parent

CAN_FORK = sys.platform.startswith("linux") and hasattr(os, "fork")


class SidecarError(Exception):
    """The child failed: .message is its error's text, .kind the error's class name (such as "Abort")."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind, self.message = kind, message


@dataclass
class Sidecar:
    """A running child: its process id and the read end of its error pipe."""
    pid: int
    errors: int  # file descriptor

    def join(self) -> None:
        """Wait for the child to end. Returns when it succeeded.

        Raises SidecarError with the child's error (class name and text), or with
        "killed by signal N" when it did not exit by itself.
        """
        with os.fdopen(self.errors, "rb") as pipe:
            report = pipe.read().decode("utf-8", "replace")
        _, status = os.waitpid(self.pid, 0)
        if os.WIFSIGNALED(status):
            raise SidecarError("Signal", f"killed by signal {os.WTERMSIG(status)}")
        if os.WEXITSTATUS(status) != 0:
            kind, _, message = report.partition("\n")
            raise SidecarError(kind or "Error", message or f"exit status {os.WEXITSTATUS(status)}")

    def kill(self) -> None:
        """Stop the child and reap it (the caller's own build failed, so its output is not wanted)."""
        try:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        try:
            os.close(self.errors)
        except OSError:
            pass


def start(run: Callable[[], None], in_child: Callable[[], None] | None = None) -> Sidecar | None:
    """Call run() in a forked child; None where forking is not safe (then call run() yourself).

    in_child runs first in the child (for example to quiet messages the parent also prints).
    The child never returns into the caller's code: it ends with os._exit, status 0 when
    run() returned, 1 when it raised (its class name and text go to the pipe; an error
    that is not one of ours also gets its traceback).
    """
    if not CAN_FORK:
        return None
    read, write = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    pid = os.fork()
    if pid:
        os.close(write)
        return Sidecar(pid, read)
    status = 1  # the child
    try:
        die_with_parent(parent)  # a build killed with SIGKILL takes this half with it
        os.close(read)
        if in_child:
            in_child()
        run()
        status = 0
    except BaseException as err:  # noqa: BLE001 - every error must reach the parent, then exit
        text = str(err)
        if not type(err).__module__.startswith(("mkdocs", "click", "generator")):
            text = traceback.format_exc()
        try:
            os.write(write, f"{type(err).__name__}\n{text}".encode("utf-8", "replace"))
        except OSError:
            pass
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(status)
