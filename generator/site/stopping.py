"""`mkdocs serve` stopped with SIGTERM cleans up as it does for Ctrl-C.

MkDocs serves from a temporary folder (/tmp/mkdocs_*, the whole built site in both
languages, ~10 MB) and deletes it when serve ends with KeyboardInterrupt (Ctrl-C,
SIGINT). SIGTERM, what `kill`, process managers, IDEs and test runners send, ends
the process at once and leaves the folder behind, one per stopped session.
"""

from __future__ import annotations

import signal
import threading


def sigterm_as_ctrl_c() -> bool:
    """From now on SIGTERM raises KeyboardInterrupt in the main thread, as SIGINT does.

    Returns False (and changes nothing) off the main thread, where Python cannot set a
    handler, or when SIGTERM already has a handler someone else installed.
    """
    if threading.current_thread() is not threading.main_thread():
        return False
    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        return False
    signal.signal(signal.SIGTERM, _interrupt)
    return True


def _interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")
