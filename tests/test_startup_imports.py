"""``kiosk run`` imports nothing its first frame does not need: the report (matplotlib), the
studio (Flask), ruamel.yaml, the visitor screens and the widgets only they use (the first
frame is the attract loop; the screens are built after it), qrcode and, on a restart with unchanged
content, not even the content validator, its pydantic schema or the YAML parser (the start-up
cache holds the exhibition), nor pydantic at all without a settings file to check.

Each start is a real ``kiosk run`` in a subprocess (offscreen, without a display) that lists
``sys.modules`` at its first frame and ends there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.window, pytest.mark.timeout(240)]

REPO = Path(__file__).resolve().parents[1]

FIRST_FRAME = """
import json, os, sys
from kiosk.ui.launch import configure_kivy
configure_kivy(windowed=True, size=(640, 360), offscreen=True)
from kivy.core.window import Window

def first_frame(*_args):
    print(json.dumps(sorted(sys.modules)), flush=True)
    os._exit(0)

Window.bind(on_flip=first_frame)
from kiosk.cli import main
main(["run", "--windowed", "--size", "640x360", "--content", sys.argv[1]])
"""

NEVER = ("matplotlib", "flask", "werkzeug", "jinja2", "waitress", "ruamel", "kiosk.studio",
         "kiosk.services.report")
"""Packages no start imports: the report's and the studio's."""

VISITOR_SCREENS = ("kiosk.ui.screens.home", "kiosk.ui.screens.story", "kiosk.ui.screens.providers",
                   "kiosk.ui.screens.provider", "kiosk.ui.screens.page", "kiosk.ui.widgets.tiles",
                   "kiosk.ui.widgets.gallery", "kiosk.ui.widgets.viewer", "kiosk.ui.widgets.qrview")
"""The visitor screens, with their kv rules, and the widgets only they use: built after the
first frame, which shows the attract loop."""

STAFF_LAYERS = ("kiosk.ui.widgets.staff",)
"""The PIN pad, staff panel, test pattern and closed sign: imported when first shown."""

AFTER_FIRST_FRAME = ("qrcode", "kiosk.services.qr")
"""The QR codes, made ahead on a thread from the frame after the first one."""

NOT_ON_A_RESTART = ("kiosk.model.loader", "kiosk.model.schema", "kiosk.model.checker", "yaml", "pydantic",
                    "kiosk.services.settings_model")
"""What validating content needs, which a restart on unchanged content does not do, and the
settings models (pydantic), which a machine without a settings file does not need either."""


def _modules_at_first_frame(tmp_path: Path) -> set[str]:
    env = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(PYTHONPATH=str(REPO), XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               KIVY_NO_CONSOLELOG="1")
    done = subprocess.run([sys.executable, "-c", FIRST_FRAME, str(REPO / "content")], env=env, check=False,
                          capture_output=True, text=True, timeout=180)
    lines = [line for line in done.stdout.splitlines() if line.startswith("[")]
    assert lines, f"no first frame:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return set(json.loads(lines[-1]))


def _found(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == name or m.startswith(name + ".") for name in names))


def test_the_first_frame_needs_neither_report_nor_studio_nor_on_a_restart_the_validator(tmp_path):
    first = _modules_at_first_frame(tmp_path)
    assert "kiosk.ui.assembly" in first and "kivy.core.window" in first, "the run reached its first frame"
    assert _found(first, NEVER + VISITOR_SCREENS + STAFF_LAYERS + AFTER_FIRST_FRAME) == []
    assert "kiosk.model.loader" in first, "the first start validates the folder"
    assert "kiosk.ui.screens.attract" in first, "the first frame shows the attract loop"

    restart = _modules_at_first_frame(tmp_path)
    assert _found(restart, NEVER + NOT_ON_A_RESTART + VISITOR_SCREENS + STAFF_LAYERS + AFTER_FIRST_FRAME) == []
