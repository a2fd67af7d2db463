"""Run the extract command in this process and collect what it prints (stdout and stderr)."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Result:
    exit_code: int
    output: str


class CliRunner:
    """``CliRunner().invoke(app, [args])`` → Result(exit_code, output)."""

    def invoke(self, app: Callable[[list[str]], int], args: list[str]) -> Result:
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
            try:
                code = app(list(args))
            except SystemExit as exc:  # --help, --version
                code = exc.code if isinstance(exc.code, int) else 1
        return Result(code, buffer.getvalue())
