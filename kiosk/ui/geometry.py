"""Geometry helpers shared by Python and kv (kept apart so kv files can import them)."""

from __future__ import annotations


def fit_rect(box_pos, box_size, content_size, cover: bool = False) -> tuple[tuple, tuple]:
    """Return ``(pos, size)`` of content scaled into a box, keeping its aspect ratio.

    ``cover`` fills the whole box (cropping by overflow); otherwise the content fits inside.
    """
    bw, bh = box_size
    cw, ch = content_size
    if cw <= 0 or ch <= 0 or bw <= 0 or bh <= 0:
        return box_pos, (0, 0)
    ratio = max(bw / cw, bh / ch) if cover else min(bw / cw, bh / ch)
    w, h = cw * ratio, ch * ratio
    return (box_pos[0] + (bw - w) / 2, box_pos[1] + (bh - h) / 2), (w, h)


def similar_aspect(box_size, content_size, tolerance: float = 0.25) -> bool:
    """Return True if content and box have aspect ratios within ``tolerance`` of each other.

    A fullscreen video covers the screen only then: a portrait film on a landscape screen
    (or the reverse) is letterboxed instead of losing two thirds of its picture.
    """
    bw, bh = box_size
    cw, ch = content_size
    if min(bw, bh, cw, ch) <= 0:
        return False
    ratio = (cw / ch) / (bw / bh)
    return 1 - tolerance <= ratio <= 1 / (1 - tolerance)
