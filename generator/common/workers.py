"""What each worker process of a build does first: end when the build ends.

A build's workers wait on a queue that only the build writes to. When the
build is killed (SIGKILL, or any end its own handlers do not see), nothing
tells them, and they would wait for ever, holding their memory.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from contextlib import suppress

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def end_with(parent: int) -> None:
    """Have the kernel kill this worker when `parent` (the build) ends; and take SIGTERM
    as a worker should, at once, not as the build's handler (see cli) turns it."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        with suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it ended before the kernel was asked
        os._exit(1)
