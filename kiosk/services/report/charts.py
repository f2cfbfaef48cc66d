"""The HTML report's charts: matplotlib, drawn to inline SVG in the kiosk's own colours.

matplotlib is imported only when a chart is drawn, so text and CSV reports never load it.
"""

from __future__ import annotations

import html
import io
import re
from typing import Sequence

from kiosk.design import PALETTE, hex_rgb
from kiosk.services.report.aggregate import PeriodStats
from kiosk.services.report.labels import MONTHS_SHORT, WEEKDAYS, fmt_int, fmt_share


def mix(colour: str, other: str, share: float) -> str:
    """Return ``colour`` with ``share`` (0..1) of ``other`` mixed in, as ``#RRGGBB``."""
    a, b = hex_rgb(colour), hex_rgb(other)
    return "#" + "".join(f"{round(x + (y - x) * share):02X}" for x, y in zip(a, b))


ACCENT = PALETTE["accent"]
"""The kiosk's one accent colour: the bars, the rules, the key figures' tops."""
INK = PALETTE["ink"]
GREY = PALETTE["muted"]
LIGHT = PALETTE["line"]
PAPER = PALETTE["bg"]
HEAT = (PAPER, mix(ACCENT, PALETTE["surface"], 0.6), ACCENT, mix(ACCENT, INK, 0.45))
"""The heat map's colour steps: from the page's paper through the accent to a dark accent."""


class Charts:
    """Matplotlib charts rendered to inline SVG (text kept as text, styled by the page's CSS).

    Each chart method takes a number ``n`` that keeps the ids inside its SVG unique on the page,
    and returns the SVG, or None when there is nothing to draw.
    """

    _fonts_registered = False

    def __init__(self) -> None:
        import matplotlib
        from matplotlib.figure import Figure

        self._mpl = matplotlib
        self._Figure = Figure
        self._register_fonts()
        self._rc = {
            "svg.fonttype": "none",  # real <text>: crisp, selectable, small files
            "svg.hashsalt": "werkbank-kiosk",  # deterministic ids -> reproducible files
            "font.family": ["Inter", "DejaVu Sans"],
            "font.size": 12,
            "axes.edgecolor": LIGHT,
            "axes.labelcolor": GREY,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "xtick.color": GREY,
            "ytick.color": GREY,
            "xtick.labelcolor": INK,
            "ytick.labelcolor": INK,
            "text.color": INK,
            "figure.facecolor": "white",
            "axes.facecolor": "white",
        }

    @classmethod
    def _register_fonts(cls) -> None:
        # Inter ships with the kiosk; with it matplotlib measures labels as the page shows them.
        if cls._fonts_registered:
            return
        cls._fonts_registered = True
        try:
            from matplotlib import font_manager

            from kiosk.services.paths import ASSETS_DIR

            for f in sorted((ASSETS_DIR / "fonts").glob("Inter-*.otf")):
                font_manager.fontManager.addfont(str(f))
        except Exception:  # noqa: BLE001 - fall back to matplotlib's default font metrics
            pass

    def _figure(self, width: float, height: float):
        # Constrained layout fits labels in one pass (bbox_inches="tight" would draw twice).
        return self._Figure(figsize=(width, height), dpi=72, layout="constrained")

    def _svg(self, fig, n: int, label: str) -> str:
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Creator": None, "Date": None, "Format": None, "Type": None})
        svg = buf.getvalue()
        svg = svg[svg.index("<svg"):]  # drop XML prolog and DOCTYPE (which names an external DTD)
        # Let the page's font stack apply (Inter, Segoe UI, Arial ...).
        svg = re.sub(r"font-family: [^;\"]*;? ?", "", svg)
        # Several SVGs share one document: make their ids (clip paths, markers) unique.
        svg = re.sub(r'id="([^"]+)"', rf'id="c{n}-\1"', svg)
        svg = svg.replace("url(#", f"url(#c{n}-").replace('href="#', f'href="#c{n}-')
        svg = svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label, quote=True)}" ', 1)
        return svg.strip()

    def _style(self, ax, value_axis: str) -> None:
        ax.tick_params(length=0, pad=6)
        ax.grid(axis=value_axis, color=LIGHT, linewidth=0.8)
        ax.set_axisbelow(True)
        for side in ("left", "bottom"):
            ax.spines[side].set_color(LIGHT)

    def _whole_numbers(self, axis) -> None:
        from matplotlib.ticker import FuncFormatter, MaxNLocator

        axis.set_major_locator(MaxNLocator(nbins=5, integer=True))  # whole sessions only
        axis.set_major_formatter(FuncFormatter(lambda v, _: fmt_int(int(v))))

    def sessions_per_day(self, days: Sequence[PeriodStats], n: int) -> str | None:
        """Bar chart: sessions per calendar day."""
        if not days or not any(p.sessions for p in days):
            return None
        with self._mpl.rc_context(self._rc):
            fig = self._figure(10, 3.4)
            ax = fig.add_subplot()
            xs = list(range(len(days)))
            values = [p.sessions for p in days]
            if len(days) <= 62:
                ax.bar(xs, values, width=0.8, color=ACCENT, linewidth=0)
            else:
                # A year of days: one filled step outline instead of hundreds of bar patches
                # (same picture at this width, a fraction of the SVG size and render time).
                ax.stairs(values, [x - 0.5 for x in xs] + [len(xs) - 0.5], fill=True, color=ACCENT, linewidth=0)
            self._style(ax, "y")
            self._whole_numbers(ax.yaxis)
            ax.set_xticks(*_day_ticks(days))
            ax.set_xlim(-0.7, len(days) - 0.3)
            ax.set_ylabel("Sitzungen")
            return self._svg(fig, n, "Sitzungen pro Tag")

    def hbar(self, pairs: Sequence[tuple[str, int]], n: int, total: int | None = None, min_rows: int = 0) -> str | None:
        """Horizontal bars, largest on top, each labelled with its value (and share of ``total``)."""
        if not pairs or not any(v for _, v in pairs):
            return None

        def short(t: str) -> str:
            return t if len(t) <= 42 else t[:40].rstrip() + "…"

        labels = [short(str(t)) for t, _ in pairs][::-1]
        values = [v for _, v in pairs][::-1]
        with self._mpl.rc_context(self._rc):
            fig = self._figure(10, 0.5 * max(len(pairs), min_rows) + 0.7)
            ax = fig.add_subplot()
            ys = list(range(len(values)))
            ax.barh(ys, values, height=0.62, color=ACCENT, linewidth=0)
            ax.set_yticks(ys, labels)
            ax.set_ylim(-0.6, max(len(values), min_rows) - 0.4)
            self._style(ax, "x")
            self._whole_numbers(ax.xaxis)
            vmax = max(values)
            ax.set_xlim(0, vmax * 1.18)
            for y, v in zip(ys, values):
                text = fmt_int(v) + (f"  ({fmt_share(v, total)})" if total else "")
                ax.text(v + vmax * 0.012, y, text, va="center", ha="left", fontsize=12, color=INK)
            ax.spines["left"].set_visible(False)
            return self._svg(fig, n, ", ".join(f"{t}: {v}" for t, v in pairs[:12]))

    def heatmap(self, grid: Sequence[Sequence[int]], n: int) -> str | None:
        """7 x 24 heat map of session starts (rows Mo..So, columns hours)."""
        if not any(any(row) for row in grid):
            return None
        from matplotlib.colors import LinearSegmentedColormap

        cmap = LinearSegmentedColormap.from_list("werkbank", list(HEAT))
        with self._mpl.rc_context(self._rc):
            fig = self._figure(10, 3.6)
            ax = fig.add_subplot()
            mesh = ax.pcolormesh(
                list(range(25)), list(range(8)), [list(r) for r in grid],
                cmap=cmap, vmin=0, edgecolors="white", linewidth=1.5, shading="flat",
            )
            ax.set_ylim(7, 0)  # Monday on top
            ax.set_yticks([i + 0.5 for i in range(7)], WEEKDAYS)
            ax.set_xticks([h + 0.5 for h in range(0, 24, 2)], [f"{h:02d}" for h in range(0, 24, 2)])
            ax.set_xlabel("Uhrzeit")
            ax.tick_params(length=0)
            for side in ("left", "bottom"):
                ax.spines[side].set_visible(False)
            cb = fig.colorbar(mesh, ax=ax, fraction=0.03, pad=0.02)
            cb.outline.set_visible(False)
            if cb.solids is not None:
                cb.solids.set_rasterized(False)  # vector, not an embedded PNG
                cb.solids.set_edgecolor("face")  # no hairline seams between the colour steps
            cb.ax.tick_params(length=0, labelsize=11)
            self._whole_numbers(cb.ax.yaxis)
            cb.set_label("Sitzungen", color=GREY)
            return self._svg(fig, n, "Sitzungsbeginn nach Wochentag und Uhrzeit")


def _day_ticks(days: Sequence[PeriodStats]) -> tuple[list[int], list[str]]:
    """Ticks for a run of days: every few days for short periods, month starts for long ones."""
    if len(days) <= 45:
        step = 1 if len(days) <= 10 else 7 if len(days) > 21 else 3
        ticks = list(range(0, len(days), step))
        return ticks, [f"{days[i].start.day}.{days[i].start.month}." for i in ticks]
    ticks = [i for i, p in enumerate(days) if p.start.day == 1] or [0]
    if len(ticks) > 14:
        ticks = ticks[:: (len(ticks) + 11) // 12]
    return ticks, [f"{MONTHS_SHORT[days[i].start.month - 1]} {days[i].start.year % 100:02d}" for i in ticks]
