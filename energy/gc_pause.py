"""Python's cyclic garbage collector paused while a large object graph is built that holds no
garbage: a Pyomo model, its compiled LP and index maps (the hand-over to HiGHS), the report's
drawings.

Each of those allocates millions of objects that stay alive until the step ends; every time the
collector's older generations fill, it traverses all of them, measured to free little.
Measured on the reference: the model's build 2.7 -> 1.2 s, the hand-over 2.0 -> 1.4 s,
report.pdf 3.3 -> 2.9 s (part of it moved to later collections; the whole run 63-67 -> 56 s
with the held-back trials' change). The collector runs again once the step is done. For the
main thread: the check and the switch are not atomic across threads."""

from __future__ import annotations

import contextlib
import gc


@contextlib.contextmanager
def gc_paused():
    """Pause the cyclic collector for the block (nested blocks keep it paused)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
