"""Freed heap memory goes back to the system once per attract cycle."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# In a fresh process: 100 MB in 1 KiB blocks (malloc, not pymalloc), one block kept after them
# so glibc cannot shrink the heap from its top, then everything else freed.
PROGRAM = """
import os
from kiosk.services.memory import release_free_memory

def rss_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6

blocks = [bytearray(1024) for _ in range(100_000)]
pin = bytearray(1024)
del blocks
before = rss_mb()
assert release_free_memory()
print(round(before - rss_mb()))
"""


def test_release_free_memory_hands_freed_heap_back():
    done = subprocess.run([sys.executable, "-c", PROGRAM], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) > 50, f"only {done.stdout.strip()} MB given back"


def test_each_attract_cycle_releases_free_memory(monkeypatch):
    from kiosk.ui import controller as controller_module

    calls = []
    monkeypatch.setattr(controller_module, "release_free_memory", lambda: calls.append(1) or True)
    stub = type("Stub", (), {"record": lambda self, kind, **fields: calls.append(kind)})()
    controller_module.Controller.note_attract_cycle(stub)
    assert calls == ["attract_cycle", 1]
