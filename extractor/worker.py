"""What runs inside a batch worker process: take a path, send back its report.

Workers fork from a server process that imports this module once, so importing it
loads everything an extraction needs (loader libraries, the division table) and
every worker starts warm.
"""

from __future__ import annotations

import os
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


def serve(conn: Connection, hook: str) -> None:
    """Extract each (index, path) received on ``conn`` until None arrives."""
    while True:
        task = conn.recv()
        if task is None:
            return
        index, path = task
        _misbehave(path, hook)
        conn.send((index, extract(path)))
