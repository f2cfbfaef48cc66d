"""The benchmark scripts' content generation: what they measure must be content staff could make."""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from bench_ui import build_content, check_content  # noqa: E402


def _covers(folder: Path, count: int, colour: tuple[int, int, int]) -> list[Path]:
    folder.mkdir()
    covers = [folder / f"cover-{n}.jpg" for n in range(count)]
    for path in covers:
        Image.new("RGB", (64, 36), colour).save(path)
    return covers


def test_generated_exhibitions_validate_and_differ_only_in_their_covers(tmp_path: Path) -> None:
    count = 12  # more than the sample's nine stories, so copies with new ids are made too
    folders = [build_content(tmp_path / f"content-{colour}", _covers(tmp_path / f"covers-{colour}", count, colour))
               for colour in ((200, 40, 40), (40, 40, 200))]
    exhibitions = [check_content(folder) for folder in folders]

    stories = exhibitions[0].stories
    assert len(stories) == count and len({s.id for s in stories}) == count
    assert len({s.title.get("de") for s in stories}) == count
    # Numbered titles are no longer than the sample's, so 100 stories pass the limits too.
    sample = check_content(Path(__file__).resolve().parents[1] / "content").stories
    for lang in ("de", "en"):
        assert max(len(s.title.get(lang)) for s in stories) <= max(len(s.title.get(lang)) for s in sample)
    assert {s.cover.name for s in stories} == {"cover.jpg"}
    files = [{p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()} for folder in folders]
    assert files[0].keys() == files[1].keys()
    differing = {path for path in files[0] if files[0][path] != files[1][path]}
    assert differing == {Path("stories") / s.id / "cover.jpg" for s in stories}


def test_a_tour_reaches_every_kind_of_screen_and_comes_back() -> None:
    from bench_ui import tour_step

    home = ["story:b", "story:a", "nav:providers", "page:info", "nav:text"]
    assert [tour_step("home", home, turn) for turn in range(6)] == [
        ("story:a", "story"), ("story:b", "story"), ("story:a", "story"), ("story:b", "story"),
        ("nav:providers", "providers"), ("page:info", "page")]
    story = ["provider:p", "nav:back", "nav:home"]
    assert [tour_step("story", story, turn) for turn in range(2)] == [("nav:back", ""), ("provider:p", "provider")]
    assert tour_step("provider", ["nav:back"], 0) == ("nav:back", "")
    assert tour_step("providers", ["provider:q", "provider:p"], 1) == ("provider:q", "provider")
    assert tour_step("page", ["nav:home", "nav:back"], 0) == ("nav:home", "home")
    assert tour_step("attract", ["attract", "story:s"], 3) == ("story:s", "story")
    assert tour_step("attract", ["attract"], 3) == ("attract", "home")


def test_the_ui_bench_prints_each_figure_against_its_baseline_and_target() -> None:
    """The whole UI bench in a tiny run: one start of each, a few taps, one second of fades,
    one attract cycle (on the fast clock) before the memory is read."""
    import os
    import subprocess
    import tempfile

    repo = Path(__file__).resolve().parents[1]
    env = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="bench-test-")
    done = subprocess.run([sys.executable, str(repo / "scripts" / "bench_ui.py"), "--parts", "ui", "--runs", "1",
                           "--taps", "5", "--warmup", "1", "--seconds", "1", "--cycles", "1"],
                          env=env, capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = {line.split("|")[1].strip(): [cell.strip() for cell in line.split("|")[2:-1]]
            for line in done.stdout.splitlines() if line.startswith("| ")}
    start = rows["start to first frame"]
    assert start[0].endswith(" s") and start[1].endswith(" s") and start[2].endswith("x") and start[3] == "<= 1.5x"
    assert rows["tap to next screen p95"][2].endswith(" fr") and rows["tap to next screen p95"][3] == "<= 2 fr"
    assert rows["tap to next screen max"][3] == "<= 500 ms"
    assert rows["bare full-screen frame (cross-fade)"][1].endswith(" ms")
    assert rows["attract loop fps (bare: two-image cross-fade)"][3] == ">= 0.9"
    memory = rows["resident memory, every screen + 1 attract cycles (bare: 8 pictures)"]
    assert memory[0].endswith(" MB") and memory[1].endswith(" MB") and memory[3] == "<= 1.5x"
    assert "slowest: " in done.stdout and " -> " in done.stdout, "the slowest tap, from where to where"
