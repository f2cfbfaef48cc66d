"""Icons are drawn from their final geometry, also when a screen is laid out in one go."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# A fresh process at 1280x800, story after story without transitions, as `kiosk snapshot`
# goes: the case where a provider chip's arrow stayed where an earlier layout pass had put it.
PROGRAM = """
import sys
from pathlib import Path
from kiosk.ui.launch import configure_kivy, settle
configure_kivy(windowed=True, size=(1280, 800), offscreen=True)
from kivy.base import EventLoop
EventLoop.ensure_window()
from kivy.core.window import Window
Window.size = (1280, 800)
from kiosk.model.loader import load_exhibition
from kiosk.ui.assembly import Kiosk
from test_screens import misdrawn_icons
exhibition = load_exhibition(Path("content"))
kiosk = Kiosk(exhibition, idle_timeout=10 ** 9, animate=False)
kiosk.start(unattended=False)
controller, shell = kiosk.controller, kiosk.shell
bad = []
for story in exhibition.stories:
    controller.show("story", story.id)
    settle(shell)
    bad += [(story.id, icon.name, point) for icon, point in misdrawn_icons(shell)]
print("MISDRAWN", bad)
"""


def test_provider_chip_arrows_sit_inside_their_buttons(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(PYTHONPATH=os.pathsep.join([str(REPO), str(REPO / "tests" / "ui")]), KIVY_NO_ARGS="1",
               XDG_DATA_HOME=str(tmp_path / "data"), KIVY_HOME=str(tmp_path / "kivy"))
    done = subprocess.run([sys.executable, "-c", PROGRAM], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=300)
    lines = [line for line in done.stdout.splitlines() if line.startswith("MISDRAWN")]
    assert lines, done.stdout[-2000:] + done.stderr[-3000:]
    assert lines[-1] == "MISDRAWN []"
