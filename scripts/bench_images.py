#!/usr/bin/env python3
"""Benchmark the image cache on phone-sized photos.

Generates N photo-like 24 MP JPEGs (6000x4000: gradients, soft shapes and grain, so they
compress like photos; every third one carries EXIF orientation 6), then, each in a fresh
child process so that the peak RSS belongs to that step alone:

- cold build per image into the cover box and into the fullscreen box (1920x1080 window);
- the same fullscreen build without draft() (Image.open + exif_transpose + resize), to
  show what decoding at reduced scale saves;
- the first get() after a restart (entry on disk, content hash not yet memoised);
- warm get() per call (a hit: stat, memo lookup, stat of the entry).

Peak RSS is ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` of the child, next to the same
figure right after its imports. Linux carries ru_maxrss across fork and exec, so the photos
are made in children too and this parent stays small.

Usage: ``PYTHONPATH=. python scripts/bench_images.py [--count 10] [--keep DIR]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image, ImageDraw, ImageFilter, ImageOps  # noqa: E402

from kiosk.services.imagecache import SLOT_FIT, ImageCache, slot_boxes  # noqa: E402

PHOTO_SIZE = (6000, 4000)
WINDOW = (1920, 1080)
HIT_REPEATS = 200


def machine() -> str:
    """One line describing this machine."""
    import PIL

    return (f"{platform.platform()} | {platform.machine()} | {os.cpu_count()} CPUs | "
            f"Python {platform.python_version()} | Pillow {PIL.__version__}")


def make_photo(path: Path, seed: int) -> None:
    """Write a 6000x4000 JPEG that compresses like a phone photo (about 6 MB at quality 90)."""
    rng = random.Random(seed)
    small = (600, 400)
    channels = []
    for _ in range(3):
        gradient = Image.linear_gradient("L").rotate(rng.uniform(0, 360)).resize(small)
        channels.append(gradient.point(lambda v, a=rng.uniform(0.3, 0.9), b=rng.randint(0, 90): int(v * a + b)))
    base = Image.merge("RGB", channels)
    draw = ImageDraw.Draw(base)
    for _ in range(40):  # soft blobs: the "subject" and the bokeh
        x, y, r = rng.randint(0, 600), rng.randint(0, 400), rng.randint(8, 90)
        draw.ellipse((x - r, y - r, x + r, y + r),
                     fill=(rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255)))
    photo = base.filter(ImageFilter.GaussianBlur(6)).resize(PHOTO_SIZE, Image.Resampling.BICUBIC)
    # Fine detail: sharp edges at full resolution plus sensor grain.
    detail = ImageDraw.Draw(photo)
    for _ in range(400):
        x, y = rng.randint(0, PHOTO_SIZE[0]), rng.randint(0, PHOTO_SIZE[1])
        detail.line((x, y, x + rng.randint(-300, 300), y + rng.randint(-300, 300)),
                    fill=(rng.randint(0, 255),) * 3, width=rng.randint(1, 6))
    grain = Image.effect_noise(PHOTO_SIZE, 30).filter(ImageFilter.GaussianBlur(0.5))
    photo = Image.blend(photo, Image.merge("RGB", (grain, grain, grain)), 0.3)
    save: dict = {"quality": 90}
    if seed % 3 == 0:
        exif = Image.Exif()
        exif[0x0112] = 6
        save["exif"] = exif.tobytes()
    photo.save(path, "JPEG", **save)


def _maxrss_mb() -> float:
    # ru_maxrss is KiB on Linux, bytes on macOS.
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1e6


def child(mode: str, photos: Path, cache_dir: Path, slot: str) -> dict:
    """Run one measured step in this (fresh) process and return its numbers."""
    box, fit = slot_boxes(WINDOW)[slot], SLOT_FIT[slot]
    sources = sorted(photos.glob("*.jpg"))
    rss_start = _maxrss_mb()
    times = []
    out_bytes = 0
    if mode == "naive":
        for src in sources:
            t = time.perf_counter()
            with Image.open(src) as im:
                im = ImageOps.exif_transpose(im)
                ImageOps.fit(im, box, Image.Resampling.LANCZOS).save(cache_dir / src.name, quality=88)
            times.append(time.perf_counter() - t)
            out_bytes += (cache_dir / src.name).stat().st_size
    else:
        cache = ImageCache(cache_dir)
        repeats = HIT_REPEATS if mode == "hit" else 1
        if mode == "hit":
            for src in sources:  # memoise the hashes first: this measures the steady state
                cache.get(src, box, fit=fit)
        for src in sources:
            t = time.perf_counter()
            for _ in range(repeats):
                path = cache.get(src, box, fit=fit)
            times.append((time.perf_counter() - t) / repeats)
            out_bytes += path.stat().st_size
        if mode == "cold":
            assert cache.stats["misses"] == len(sources) and cache.stats["failures"] == 0, cache.stats
    return {"times": times, "rss_start": rss_start, "rss_peak": _maxrss_mb(),
            "out_kb": out_bytes / len(sources) / 1e3}


def run_child(mode: str, photos: Path, cache_dir: Path, slot: str) -> dict:
    """Run :func:`child` in a new interpreter and return its JSON result."""
    cmd = [sys.executable, __file__, "--child", mode, str(photos), str(cache_dir), slot]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def fmt_ms(times: list[float]) -> str:
    """Median and max in milliseconds."""
    return f"{statistics.median(times) * 1e3:9.2f} {max(times) * 1e3:9.2f}"


def main() -> None:
    """Generate the photos, run every step, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10, help="photos to generate (default 10)")
    parser.add_argument("--keep", type=Path, help="keep photos and caches in this folder")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    parser.add_argument("--make", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make:
        make_photo(Path(args.make[0]), int(args.make[1]))
        return
    if args.child:
        mode, photos, cache_dir, slot = args.child
        print(json.dumps(child(mode, Path(photos), Path(cache_dir), slot)))
        return

    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-images-"))
    photos = work / "photos"
    photos.mkdir(parents=True, exist_ok=True)
    print(machine())
    t = time.perf_counter()
    for i in range(args.count):
        path = photos / f"photo-{i:02d}.jpg"
        if not path.exists():
            subprocess.run([sys.executable, __file__, "--make", str(path), str(i)], check=True)
    sizes = [p.stat().st_size for p in photos.glob("*.jpg")]
    print(f"{len(sizes)} photos 6000x4000, {statistics.mean(sizes) / 1e6:.1f} MB average "
          f"(made in {time.perf_counter() - t:.1f} s); window {WINDOW[0]}x{WINDOW[1]}; "
          f"boxes {slot_boxes(WINDOW)}\n")

    rows = []
    for slot in ("cover", "fullscreen"):
        cache_dir = work / f"cache-{slot}"
        shutil.rmtree(cache_dir, ignore_errors=True)
        cache_dir.mkdir()
        rows.append((f"{slot}: cold build", run_child("cold", photos, cache_dir, slot)))
        rows.append((f"{slot}: first get after restart", run_child("restart", photos, cache_dir, slot)))
        rows.append((f"{slot}: warm get (hit)", run_child("hit", photos, cache_dir, slot)))
    naive_dir = work / "naive"
    shutil.rmtree(naive_dir, ignore_errors=True)
    naive_dir.mkdir()
    rows.append(("fullscreen: naive full decode", run_child("naive", photos, naive_dir, "fullscreen")))

    print(f"{'step':34} {'median ms':>9} {'max ms':>9} {'RSS start MB':>13} {'RSS peak MB':>12} {'entry kB':>9}")
    for name, r in rows:
        print(f"{name:34} {fmt_ms(r['times'])} {r['rss_start']:13.0f} {r['rss_peak']:12.0f} {r['out_kb']:9.0f}")
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
