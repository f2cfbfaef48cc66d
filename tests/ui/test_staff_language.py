"""The staff panel, which is German, shows the validator's lines of refused content in German."""

from __future__ import annotations

from pathlib import Path

import pytest

from contentkit import edit

pytestmark = [pytest.mark.window, pytest.mark.timeout(120)]


def test_the_staff_panel_lists_refused_contents_problems_in_german(window, sample_exhibition, content: Path,
                                                                 tmp_path: Path) -> None:
    from conftest import _KIOSKS, Kiosk as Driver

    from kiosk.services.settings import MachineSettings
    from kiosk.ui.assembly import Kiosk

    for shared in _KIOSKS.values():
        if shared.shell.parent is window:
            shared.assembled.stop()
    edit(content / "kiosk.yaml", "idle_timeout: 60", "idle_timeout: lange")
    # As kiosk run starts it on a folder it refused: the last good exhibition shows, and the
    # watcher checks the folder again so that its problems reach the staff panel.
    kiosk = Kiosk(sample_exhibition, MachineSettings(data_dir=tmp_path / "data"), folder=content, refused=True,
                  idle_timeout=10 ** 6, animate=False)
    driver = Driver(kiosk)
    try:
        kiosk.start()
        assert driver.wait_for(lambda: kiosk.room.rejected, timeout=60)
        kiosk.staff_access.open_panel()
        panel = driver.shell.overlay
        assert panel.overlay_name == "staff"
        assert panel.problems == ["kiosk.yaml:3: Fehler: 'idle_timeout' muss eine Zahl sein, z. B. 90"]
    finally:
        kiosk.stop()
