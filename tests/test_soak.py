"""A short endurance run in CI (the long one is scripts/soak): attract cycles and random taps
through the real UI on a fast clock, with no growth of widgets, textures, Clock events,
decoders or memory, and every screen reachable afterwards."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _soak_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(XDG_DATA_HOME=str(tmp_path / "data"), KIVY_HOME=str(tmp_path / "kivy"), PYTHONPATH=str(REPO))
    return env


def _soak(tmp_path: Path, *args: str) -> tuple[dict, subprocess.CompletedProcess]:
    done = subprocess.run([sys.executable, "scripts/soak.py", *args, "--json"], cwd=REPO, env=_soak_env(tmp_path),
                          capture_output=True, text=True, timeout=580)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, f"no result:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    return json.loads(lines[-1]), done


@pytest.mark.timeout(600)
def test_short_soak(tmp_path: Path) -> None:
    result, done = _soak(tmp_path, "--cycles", "10", "--taps", "100", "--baseline", "3", "--every", "5")
    assert result["cycles"] >= 10 and result["taps"] == 100
    failed = [name for name, ok in result["checks"].items() if not ok]
    assert not failed, f"{failed}: baseline {result['baseline']}, final {result['final']}, " \
                       f"errors {result['errors']}, unreachable {result['unreachable']}, " \
                       f"attract warnings {result['attract_warning_messages']}"
    assert [p["cycles"] for p in result["checkpoints"]] == [3, 5, 10], "the trend is sampled as asked"
    # Every census is read on the same settled picture of the loop, so readings are comparable.
    censuses = result["checkpoints"] + [result["final"]]
    assert {(p["attract_item"], p["attract_settled"]) for p in censuses} == {(0, True)}
    assert all(p["kept_label_textures"] > 0 for p in censuses), "first visits were prepared before the baseline"
    assert done.returncode == 0


@pytest.mark.timeout(300)
def test_renderer_threads_reach_the_software_renderer(tmp_path: Path) -> None:
    """The soak draws llvmpipe without rasterizer threads unless told otherwise: the setting has to
    be in the environment before the GL context exists, or llvmpipe starts one thread per core."""
    one_cycle = ("--cycles", "1", "--taps", "0", "--baseline", "1", "--every", "1")
    default, _ = _soak(tmp_path, *one_cycle)
    if "llvmpipe" not in default["renderer"]:
        pytest.skip(f"the setting only concerns llvmpipe, this is {default['renderer']}")
    threaded, _ = _soak(tmp_path, *one_cycle, "--renderer-threads", "3")
    assert default["renderer_threads"] == "0" and threaded["renderer_threads"] == "3"
    # Counted by name: films and the image cache start and end threads of their own at any moment.
    assert default["baseline"]["renderer_threads"] == 0
    assert threaded["baseline"]["renderer_threads"] >= 3


@pytest.mark.timeout(300)
def test_sigterm_ends_a_long_soak_with_its_figures_so_far(tmp_path: Path) -> None:
    """A timed run (the 3-hour soak) stopped early still reports, and cannot pass its last-hour
    check: it has no hour to judge."""
    run = subprocess.Popen([sys.executable, "scripts/soak.py", "--minutes", "180", "--every-minutes", "0.01",
                            "--taps", "0", "--baseline", "1", "--json"], cwd=REPO, env=_soak_env(tmp_path),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for line in run.stderr:  # a trend line after the first cycle: the loop runs
            if line.startswith("soak: ") and " 1 cycles," in line:
                break
        run.terminate()
        out, _ = run.communicate(timeout=120)
    finally:
        run.kill()
    result = json.loads([line for line in out.splitlines() if line.startswith("{")][-1])
    assert result["stopped_early"] and result["cycles"] >= 1 and result["final"]["minute"] < 180
    assert result["final"]["threads"] > 0 and "threads did not grow" in result["checks"]
    assert result["last_hour_growth_pct"] is None
    assert result["checks"]["memory grew less than 2% in the last hour"] is False
    assert "no attract film skipped" in result["checks"]


def test_last_hour_growth_is_the_trend_of_the_last_hour_not_two_readings() -> None:
    sys.path.insert(0, str(REPO / "scripts"))
    from soak import last_hour_growth

    # Flat memory whose censuses swing 15 MB up and down, the hour starting low and ending
    # high: the end reads 6 % above the census an hour before it, the trend stays under the
    # soak's 2 % limit.
    swinging = [{"minute": m, "rss_mb": 500.0 + (15 if m % 10 else -15)} for m in range(0, 130, 5)]
    assert 0 < last_hour_growth(swinging[:-1], {"minute": 130, "rss_mb": 515.0}) < 2.0
    # Memory growing 1 MB every 5 minutes: 12 MB over the last hour, from 514 MB.
    growing = [{"minute": m, "rss_mb": 500.0 + m / 5} for m in range(0, 130, 5)]
    assert last_hour_growth(growing, {"minute": 130, "rss_mb": 526.0}) == round(12 / 514 * 100, 2)
    assert last_hour_growth(growing[:5], {"minute": 59.9, "rss_mb": 600.0}) is None
