"""Run the `energy` command in-process, as a user would from the shell."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from energy.cli import run


@dataclass
class Result:
    exit_code: int
    out: str
    err: str


def energy(capsys, *args: str) -> Result:
    """Invoke `energy ARGS...` and capture its exit code, stdout and stderr."""
    argv = sys.argv
    sys.argv = ["energy", *map(str, args)]
    try:
        run()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv = argv
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)
