"""What runs inside a batch worker process: take a path, send back its report.

Workers fork from a server process that imports this module once, so importing it
loads everything an extraction needs (loader libraries, the division table) and
every worker starts warm.
"""

from __future__ import annotations

import ctypes
import os
import signal
import time
from multiprocessing.connection import Connection
from pathlib import Path

from .loaders import docx, html, pdf  # noqa: F401  (loaded once, in the fork server)
from .pipeline import extract
from .region import divisions

divisions()


def _misbehave(path: str, hook: str) -> None:
    """The batch test hook (see ``batch.TEST_HOOK``): misbehave on matching files."""
    for rule in filter(None, hook.split(",")):
        action, _, name = rule.partition(":")
        if name and name in Path(path).name:
            if action == "hang":
                time.sleep(10**6)
            elif action == "bloat":
                hog = [bytearray(2**20) for _ in range(4096)]  # 4 GB, page by page
                time.sleep(10**6)
                del hog
            elif action == "crash":
                os.abort()


_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Have the kernel kill this process when its parent dies (Linux), and leave Ctrl-C and
    SIGTERM to the parent, which stops the workers itself: no orphan keeps working, no
    worker prints a traceback.

    Called in the fork server (whose parent is the run) and in each worker (whose parent
    is the fork server): a killed run takes both down. The fork server cannot notice by
    itself, as every worker holds its end of the pipe that would tell it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the pipe to the parent closing still ends an idle worker
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def serve(conn: Connection, hook: str, audit: str | None = None) -> None:
    """Extract each (index, path) received on ``conn`` until None arrives or the parent goes;
    with ``audit``, write each report's audit pictures too (under this worker's limits)."""
    die_with_parent()
    auditor = None
    if audit:
        from .audit import AUDITED, Auditor

        auditor = Auditor(Path(audit), single=False)
    try:
        while True:
            task = conn.recv()
            if task is None:
                return
            index, path = task
            _misbehave(path, hook)
            report = extract(path)
            if auditor:
                report.meta[AUDITED] = str(auditor.write(report))
            conn.send((index, report))
    except (EOFError, OSError):  # the parent is gone
        return
