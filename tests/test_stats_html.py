"""The HTML report in a real browser: headless Chromium renders its inline SVG charts offline."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from kiosk.services.report import ACCENT, NO_DATA, build_report, render_html
from stats_fixtures import TITLES, hand_built_events, write_events

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (scripts/setup installs it)")

CHARTS = 6  # sessions per day, top stories, goals, QR per target, languages, heat map
WIDTH, HEIGHT = 1200, 7000


def chromium(tmp_path: Path, page: Path, *args: str) -> subprocess.CompletedProcess:
    """Run headless Chromium once, isolated and offline-friendly; stderr carries console logs."""
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    cmd = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-extensions", "--hide-scrollbars", f"--user-data-dir={profile}",
        "--enable-logging=stderr", "--v=0", *args, page.as_uri(),
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=90)


def console_problems(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "Uncaught" in line or ":CONSOLE" in line]


@pytest.fixture
def report_page(tmp_path: Path) -> Path:
    db = tmp_path / "stats.sqlite3"
    write_events(db, hand_built_events())
    page = tmp_path / "bericht.html"
    page.write_text(render_html(build_report(db, None, None, TITLES)), encoding="utf-8")
    return page


def test_html_is_self_contained(report_page: Path) -> None:
    html = report_page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="de">' in html
    assert "Besucherstatistik" in html and "2. Juni 2025 – 2. Juli 2025" in html
    # Key figures up top: sessions, median length, QR codes.
    top = html[: html.index("<h2>")]
    assert ">6<" in top and ">1:30 min<" in top and ">5<" in top
    # Nothing to fetch: no scripts, stylesheets, images or fonts from elsewhere.
    assert not re.search(r"<script|<link|<img|<iframe|@import|url\((?!#)|\b(src|href)=\"(?!#)", html)
    # The only URLs left are XML namespace names, which are identifiers, never fetched.
    assert set(re.findall(r"https?://[^\s\"'<>)]+", html)) <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    assert html.count("<svg") == CHARTS
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "element ids must be unique across the inlined charts"
    assert 'font-family' not in "".join(re.findall(r"<svg.*?</svg>", html, flags=re.S))  # page font applies


@pytest.mark.timeout(180)
@needs_chromium
def test_chromium_renders_charts(report_page: Path, tmp_path: Path) -> None:
    dom = chromium(tmp_path, report_page, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    svgs = re.findall(r"<svg\b.*?</svg>", dom.stdout, flags=re.S)
    assert len(svgs) == CHARTS
    for svg in svgs:
        assert svg.count("<path") >= 3 and "<text" in svg  # shapes and real text labels
    assert "Roboter im Handwerk" in svgs[1]  # the top-stories bars are labelled with titles
    assert all(day in svgs[5] for day in ("Mo", "So"))  # the heat map's weekday axis
    assert console_problems(dom.stderr) == []

    shot = tmp_path / "bericht.png"
    run = chromium(tmp_path, report_page, f"--screenshot={shot}", f"--window-size={WIDTH},{HEIGHT}")
    assert run.returncode == 0 and shot.exists(), run.stderr[-2000:]
    assert console_problems(run.stderr) == []
    import numpy as np
    from PIL import Image

    img = Image.open(shot).convert("RGB")
    assert img.size == (WIDTH, HEIGHT)
    px = np.asarray(img, dtype=np.int16)
    accent = np.array([int(ACCENT[i : i + 2], 16) for i in (1, 3, 5)], dtype=np.int16)
    is_accent = (np.abs(px - accent) <= 12).all(axis=2)
    # Bars are drawn in the accent colour: the rows holding it must form several separate
    # blocks (one per chart), not just the header rule and the key-figure cards.
    rows = np.flatnonzero(is_accent.sum(axis=1) >= 12)
    blocks = int((np.diff(rows) > 20).sum()) + 1 if rows.size else 0
    assert rows.size > 300, "too little chart ink"
    assert blocks >= 8, f"expected several charts with accent bars, found {blocks} blocks"
    # And the page is not blank: plenty of dark (text, axes) pixels overall.
    assert int((px.sum(axis=2) < 300).sum()) > 20000


@pytest.mark.timeout(120)
@needs_chromium
def test_chromium_renders_empty_report(tmp_path: Path) -> None:
    db = tmp_path / "stats.sqlite3"
    write_events(db, hand_built_events())
    page = tmp_path / "leer.html"
    page.write_text(render_html(build_report(db, date(2020, 1, 1), date(2020, 1, 31))), encoding="utf-8")
    dom = chromium(tmp_path, page, "--dump-dom")
    assert dom.returncode == 0
    assert NO_DATA in dom.stdout and "<svg" not in dom.stdout
    assert "1. Januar 2020 – 31. Januar 2020" in dom.stdout
    assert console_problems(dom.stderr) == []
