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

A third thing is fixed once at start (:func:`tune_allocator`): glibc's moving threshold for
large blocks. By default a block of 128 KB or more gets its own mapping, returned to the
system when freed; but every time such a block is freed, glibc raises the threshold to its
size, up to 32 MB. After the first full-screen texture (8 MB at 1080p) was freed, every label
texture, picture and decode buffer under 8 MB came from the heaps instead, where freed blocks
are cut up for smaller ones and their pages stay with the process. ``scripts/bench_ui.py
--parts memory`` (every screen visited, then 10 attract cycles, each with its trim): 175 MB
free inside malloc's heaps and 513 MB resident with the moving threshold; 64 MB and 451 MB
with it fixed here, and 14 MB and 420 MB with it fixed from the process's start.

Python's automatic full collection walks every object the process holds: 220,000 to 320,000 once
the screens are built (widgets, kv rules, the model), nearly all of which live as long as the
kiosk. It comes when Python's counters say so, at any moment, inside a visitor's tap too:
``scripts/bench_ui.py --parts taps --profile`` (1920x1080) found one of 27 taps with a full
collection of 92-187 ms in it in each of five runs, often the slowest tap (231 ms, 99 ms of it
collecting, where a frame took about 92 ms). So the kiosk freezes what survives a collection
at a still moment (:func:`collect_and_freeze`): once its screens are built, and after each
attract cycle's collection. Frozen objects are left out of every collection, so the automatic
ones walk only what was made since: in three runs no tap had a full collection in it, and the
one after the 30 taps walked 53,000 objects in 35 ms.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging

log = logging.getLogger(__name__)

TRIM_DELAY_S = 0.5
"""Time for Kivy's next frame, which deletes the GL memory of collected textures."""

MMAP_THRESHOLD = 256 * 1024
"""Blocks of this size and more get a mapping of their own, which goes back to the system the
moment they are freed: textures, pictures, decode buffers. Fixed, instead of glibc's moving
threshold (see the module docstring). Smaller blocks (Python objects, small labels) stay in
the heaps, where a mapping and its page faults per block would cost more than they save."""

_M_MMAP_THRESHOLD = -3
"""``mallopt``'s parameter number for the threshold (glibc's malloc.h)."""

_libc = None
_looked_up = False


def _load_libc():
    """Load the C library by glibc's soname first: ``ctypes.util.find_library`` runs
    ``ldconfig -p`` in a child process, 5-165 ms of the kiosk's start on a busy machine."""
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:
        return ctypes.CDLL(ctypes.util.find_library("c"))


def _glibc():
    """Return the C library if it is glibc (it has ``malloc_trim``), else None; looked up once."""
    global _libc, _looked_up
    if not _looked_up:
        _looked_up = True
        try:
            libc = _load_libc()
            libc.malloc_trim.argtypes = [ctypes.c_size_t]
            libc.malloc_trim.restype = ctypes.c_int
            libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
            libc.mallopt.restype = ctypes.c_int
            _libc = libc
        except (OSError, AttributeError):
            log.info("not glibc: freed memory stays with the process, and the allocator keeps its settings")
    return _libc


def tune_allocator(mmap_threshold: int = MMAP_THRESHOLD) -> bool:
    """Fix glibc's threshold for blocks that get a mapping of their own at ``mmap_threshold``
    bytes (see the module docstring); call once, early, before the window opens. Returns
    False where the C library is not glibc. Never raises.

    Costs: a large block is mapped and unmapped each time, and its pages are faulted in anew
    instead of reusing pages of the heap. Measured on the development VM (whose page faults
    are slow, about 12 us each): a tap faulted about 4,500 pages more (mostly the 16 MB of the
    shown screen's framebuffer, grown again from 1x1), and the median tap did not change
    beyond the noise of two paired runs (430 and 433 ms against 417 and 434 ms)."""
    libc = _glibc()
    return libc is not None and libc.mallopt(_M_MMAP_THRESHOLD, mmap_threshold) == 1


def release_free_memory() -> bool:
    """Return freed heap pages to the operating system; False where the C library has no
    ``malloc_trim`` (not glibc). Never raises."""
    libc = _glibc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True


def collect_everything() -> None:
    """Collect all cyclic garbage, among the frozen objects too, and leave nothing frozen.

    What counts objects (``gc.get_objects()`` lists no frozen one) or expects a collection to
    free what nothing uses any more calls this instead of ``gc.collect()``, which skips the
    frozen objects (:func:`collect_and_freeze`)."""
    gc.unfreeze()
    gc.collect()


def collect_and_freeze() -> None:
    """Collect all cyclic garbage, then freeze every object left, so that Python's automatic
    collections leave them out (see the module docstring); call at a still moment, since the
    collection walks every object (about 0.1 s on the bench machine).

    Unfrozen first: a frozen object that became garbage since (a texture in a reference cycle,
    a screen of the content before a swap) is collected only by a collection that walks it."""
    collect_everything()
    gc.freeze()


def collect_and_release(clock, after: float = 0.0) -> None:
    """Collect cyclic garbage in ``after`` seconds, freeze what is left (:func:`collect_and_freeze`)
    and give the freed memory back a moment later.

    ``clock`` is Kivy's Clock (passed in, so this module needs no Kivy). A full collection
    stops the UI thread for about 0.1 s: ``after`` lets the caller pick a still moment.
    Kivy deletes a collected texture's GL memory on its next frame, so the trim waits for it.
    """
    clock.schedule_once(lambda _dt: _collect(clock), after)


def _collect(clock) -> None:
    collect_and_freeze()
    clock.schedule_once(lambda _dt: release_free_memory(), TRIM_DELAY_S)
