"""Video limits per hardware profile: codec sniffing, the validator's warnings, the settings key."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from contentkit import line_of, write_film
from kiosk.model.loader import load_exhibition, validate
from kiosk.model.videoprofile import PROFILES, container_codec

STORY = "stories/baeckerei-lange/story.yaml"
REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("encoder, codec", [("libx264", "h264"), ("libx265", "hevc"), ("libvpx-vp9", "vp9"),
                                            ("mpeg4", "mpeg4")])
def test_container_codec_reads_the_video_track(tmp_path: Path, encoder: str, codec: str) -> None:
    assert container_codec(write_film(tmp_path / "film.mp4", (64, 48), codec=encoder)) == codec


def test_container_codec_of_damaged_or_foreign_files_is_unknown(tmp_path: Path) -> None:
    film = write_film(tmp_path / "film.mp4", (64, 48)).read_bytes()
    cases = {"truncated.mp4": film[:200], "text.mp4": b"no video here" * 40, "empty.mp4": b"",
             "bad-size.mp4": b"\x00\x00\x00\x01moov" + b"\xff" * 8}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        assert container_codec(tmp_path / name) is None, name
    assert container_codec(tmp_path / "missing.mp4") is None


def test_profile_limits_codec_size_and_frame_rate() -> None:
    pi, mini = PROFILES["raspberry-pi"], PROFILES["mini-pc"]
    assert pi.problem("h264", 1920, 1080, 30) is None
    assert pi.problem("h264", 1080, 1920, 30) is None, "a portrait film is compared turned"
    assert pi.problem(None, 1280, 720, None) is None, "what the file does not tell is not held against it"
    assert "HEVC (H.265)" in pi.problem("hevc", 1280, 720, 25) and "H.264" in pi.problem("hevc", 1280, 720, 25)
    assert pi.problem("h264", 3840, 2160, 25).endswith("export it at 1920×1080 or smaller")
    assert pi.problem("h264", 2160, 3840, 25).endswith("export it at 1080×1920 or smaller")
    assert "60 frames per second" in pi.problem("h264", 1280, 720, 60)
    assert mini.problem("hevc", 3840, 2160, 60) is None
    assert mini.problem("hevc", 7680, 4320, 30) is not None
    assert PROFILES["any"].problem("prores", 7680, 4320, 120) is None


def test_validate_warns_about_a_film_above_the_profile(content: Path) -> None:
    write_film(content / "stories/baeckerei-lange/film.mp4", (64, 48), codec="libx265")
    line = line_of(content / STORY, "film.mp4")
    assert [str(p) for p in validate(content).problems] == [], "the mini-PC plays HEVC"
    result = validate(content, profile=PROFILES["raspberry-pi"])
    assert [str(p) for p in result.problems] == [
        f"{STORY}:{line}: warning: video 'film.mp4' is HEVC (H.265), which the 'raspberry-pi' hardware cannot "
        "play smoothly (it plays H.264); export it as MP4 (H.264); until then the kiosk shows its poster "
        "instead of playing it"]
    film = result.exhibition.stories[0].media[-1]
    assert (film.kind, film.video.codec, film.video.width, film.video.height, film.video.fps) == (
        "video", "hevc", 64, 48, 10.0)


def test_attract_items_carry_what_the_probe_found(content: Path) -> None:
    with open(content / "kiosk.yaml", "a", encoding="utf-8") as kiosk_yaml:
        kiosk_yaml.write("attract:\n  - video: stories/baeckerei-lange/film.mp4\n  - story: baeckerei-lange\n")
    exhibition = load_exhibition(content)
    videos = [item for item in exhibition.attract if item.kind == "video"]
    assert videos and all(item.video is not None and item.video.codec == "h264" for item in videos)


def run_kiosk(*args: str, env_home: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, cwd=REPO,
                          env={"PATH": "/usr/bin:/bin", "HOME": str(env_home), "XDG_CONFIG_HOME": str(env_home / "cfg"),
                               "XDG_DATA_HOME": str(env_home / "data")}, timeout=120)


def test_cli_takes_the_profile_from_the_option_or_the_settings(content: Path, tmp_path: Path) -> None:
    write_film(content / "stories/baeckerei-lange/film.mp4", (64, 48), codec="libx265")
    assert "warning:" not in run_kiosk("validate", str(content), env_home=tmp_path).stdout
    by_option = run_kiosk("validate", "--profile", "raspberry-pi", str(content), env_home=tmp_path)
    assert by_option.returncode == 0 and "warning: video 'film.mp4' is HEVC (H.265)" in by_option.stdout
    config = tmp_path / "kiosk.toml"
    config.write_text('video_profile = "raspberry-pi"\n', encoding="utf-8")
    by_settings = run_kiosk("--config", str(config), "validate", str(content), env_home=tmp_path)
    assert by_settings.returncode == 0 and "warning: video 'film.mp4' is HEVC (H.265)" in by_settings.stdout


def test_install_prints_the_warnings_of_the_machines_profile(content: Path, tmp_path: Path, capsys,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.cli import main
    from kiosk.services.settings import MachineSettings, save

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    write_film(content / "stories/baeckerei-lange/film.mp4", (64, 48), codec="libx265")
    for profile, warned in (("mini-pc", False), ("raspberry-pi", True)):
        config = save(MachineSettings(data_dir=tmp_path / profile, video_profile=profile), tmp_path / "kiosk.toml")
        assert main(["--config", str(config), "content", "install", "--no-prewarm", str(content)]) == 0
        err = capsys.readouterr().err
        assert ("warning: video 'film.mp4' is HEVC (H.265)" in err) is warned, err
        assert (tmp_path / profile / "content").is_symlink(), "a warning does not stop the install"
