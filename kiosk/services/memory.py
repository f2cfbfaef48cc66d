"""Give memory back to the system, for a process that runs for weeks.

Two things hold memory that nothing uses any more, and the attract loop clears both once per
cycle, when nobody is using the screen (:func:`collect_and_release`):

- Kivy textures caught in reference cycles (a widget and its bindings, say) keep their pixels,
  megabytes each, until Python's full garbage collection. That runs rarely, because it counts
  objects, not bytes: the soak run read 30-50 MB of such pixels at one moment and not at the
  next, which looked like growth.
- glibc keeps freed memory in its heaps for reuse. Video decoders, image loads and texture
  uploads allocate and free large buffers from many threads, so the resident size of a kiosk
  that frees everything still creeps up for hours. ``malloc_trim`` hands the free pages back.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging

log = logging.getLogger(__name__)

TRIM_DELAY_S = 0.5
"""Time for Kivy's next frame, which deletes the GL memory of collected textures."""

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


def collect_and_release(clock, after: float = 0.0) -> None:
    """Collect cyclic garbage in ``after`` seconds and give the freed memory back a moment later.

    ``clock`` is Kivy's Clock (passed in, so this module needs no Kivy). A full collection
    stops the UI thread for tens of milliseconds: ``after`` lets the caller pick a still moment.
    Kivy deletes a collected texture's GL memory on its next frame, so the trim waits for it.
    """
    clock.schedule_once(lambda _dt: _collect(clock), after)


def _collect(clock) -> None:
    gc.collect()
    clock.schedule_once(lambda _dt: release_free_memory(), TRIM_DELAY_S)
