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
