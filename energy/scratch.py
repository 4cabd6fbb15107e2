"""Scratch folders of a run: named with the process id, and removed by the next run when the
process that made them is gone (a run killed with kill -9 cannot clean up after itself)."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

PREFIX = "energy-"


def alive(pid: int) -> bool:
    """Whether a process with this id exists (on this machine)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _owner(name: str, prefix: str) -> int | None:
    """The process id in a scratch name `<prefix><pid>-...`, if any."""
    rest = name[len(prefix) :]
    head = rest.split("-", 1)[0].split(".", 1)[0]
    return int(head) if head.isdigit() else None


def remove_stale(folder: Path, prefix: str) -> None:
    """Remove scratch entries `<prefix><pid>-...` in `folder` whose process has ended."""
    with contextlib.suppress(OSError):
        for entry in Path(folder).iterdir():
            if not entry.name.startswith(prefix):
                continue
            pid = _owner(entry.name, prefix)
            if pid is None or pid == os.getpid() or alive(pid):
                continue
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    entry.unlink()


@contextlib.contextmanager
def scratch_dir(purpose: str) -> Iterator[Path]:
    """A temporary folder for this process, removed afterwards; stale ones of ended runs go too."""
    base = Path(tempfile.gettempdir())
    remove_stale(base, PREFIX)
    with tempfile.TemporaryDirectory(prefix=f"{PREFIX}{os.getpid()}-{purpose}-") as folder:
        yield Path(folder)
