"""Benchmark: loading plus validating a content folder of N stories, without media probing.

Generates folders of 10, 100 and 1000 stories (each with a cover and two media files, which
are checked for presence and place but not decoded) and prints a table of the time per run and
per story. The cost must grow linearly with N; 1000 stories must take under 1 s.

Usage: python scripts/bench_content.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from contentkit import KIOSK_YAML, PAGE_YAML, PROVIDER_YAML, STORY_YAML, media_dir  # noqa: E402
from kiosk.model.loader import validate  # noqa: E402

SIZES = (10, 100, 1000)


def build(root: Path, stories: int) -> Path:
    """Write a content folder with ``stories`` stories, 20 providers and 3 pages; return it."""
    media = media_dir()
    root.mkdir(parents=True)
    (root / "kiosk.yaml").write_text(KIOSK_YAML, encoding="utf-8")
    providers = [f"anbieter-{n:02d}" for n in range(20)]
    for pid in providers:
        folder = root / "providers" / pid
        folder.mkdir(parents=True)
        (folder / "provider.yaml").write_text(PROVIDER_YAML, encoding="utf-8")
        os.link(media / "logo.png", folder / "logo.png")
    for n in range(3):
        folder = root / "pages" / f"seite-{n}"
        folder.mkdir(parents=True)
        (folder / "page.yaml").write_text(PAGE_YAML, encoding="utf-8")
    for n in range(stories):
        folder = root / "stories" / f"geschichte-{n:04d}"
        folder.mkdir(parents=True)
        text = STORY_YAML.replace("providers: [nordwerk]", f"providers: [{providers[n % 20]}]")
        (folder / "story.yaml").write_text(text, encoding="utf-8")
        for name in ("cover.jpg", "theke.jpg", "film.mp4"):
            os.link(media / name, folder / name)
    return root


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per size; the median is shown")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    print(f"{'stories':>8} | {'median s':>9} | {'min s':>7} | {'ms/story':>8} | problems")
    print(f"{'-' * 8}-+-{'-' * 9}-+-{'-' * 7}-+-{'-' * 8}-+---------")
    with tempfile.TemporaryDirectory() as scratch:
        for size in SIZES:
            folder = build(Path(scratch) / f"n{size}", size)
            times, problems = [], None
            for _ in range(args.repeat):
                start = time.perf_counter()
                result = validate(folder, probe_media=False)
                times.append(time.perf_counter() - start)
                problems = len(result.problems)
            median = statistics.median(times)
            print(f"{size:>8} | {median:>9.3f} | {min(times):>7.3f} | {median / size * 1000:>8.2f} | {problems}")


if __name__ == "__main__":
    main()
