"""Give freed heap memory back to the system, for a process that runs for weeks.

Video decoders, image loads and texture uploads allocate and free large buffers from many
threads. glibc keeps freed memory in its heaps for reuse, so the resident size of a kiosk that
frees everything it allocates still creeps up for hours (the soak run measured +6 % in 30
attract cycles, none of it live objects). ``malloc_trim`` hands the free pages back; the
attract loop calls it once per cycle, when nobody is using the screen.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

log = logging.getLogger(__name__)

_trim = None
_looked_up = False


def release_free_memory() -> bool:
    """Return freed heap pages to the operating system; False where the C library has no
    ``malloc_trim`` (not glibc). Never raises."""
    global _trim, _looked_up
    if not _looked_up:
        _looked_up = True
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            _trim = libc.malloc_trim
            _trim.argtypes = [ctypes.c_size_t]
            _trim.restype = ctypes.c_int
        except (OSError, AttributeError):
            log.info("malloc_trim is not available; freed memory stays with the process")
    if _trim is None:
        return False
    _trim(0)
    return True
