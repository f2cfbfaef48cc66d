"""The C library and X's libraries are loaded by their sonames, without ``find_library``,
which runs ``ldconfig -p`` in a child process during the kiosk's start."""

from __future__ import annotations

import ctypes
import ctypes.util

import pytest

from kiosk.services import display, memory


def _no_ldconfig(name):
    raise AssertionError(f"find_library({name!r}) ran ldconfig")


def test_glibc_is_loaded_by_its_soname(monkeypatch):
    try:
        ctypes.CDLL("libc.so.6")
    except OSError:
        pytest.skip("not a glibc system")
    monkeypatch.setattr(ctypes.util, "find_library", _no_ldconfig)
    monkeypatch.setattr(memory, "_libc", None)
    monkeypatch.setattr(memory, "_looked_up", False)
    libc = memory._glibc()
    assert libc is not None and libc.malloc_trim(0) in (0, 1)


def test_x_libraries_are_loaded_by_their_sonames(monkeypatch):
    try:
        ctypes.CDLL("libX11.so.6")
    except OSError:
        pytest.skip("libX11 is not installed")
    monkeypatch.setattr(ctypes.util, "find_library", _no_ldconfig)
    assert display._library("X11", "libX11.so.6") is not None


def test_a_missing_soname_falls_back_to_the_search(monkeypatch):
    asked = []
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: asked.append(name))
    assert display._library("NoSuchLibrary", "libNoSuchLibrary.so.9") is None
    assert asked == ["NoSuchLibrary"]
