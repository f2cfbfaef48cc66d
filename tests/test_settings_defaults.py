"""A machine without a settings file (or with one that sets nothing) gets every default without
the pydantic models being built, and those defaults are the models' own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from kiosk.services import settings as machine

REPO = Path(__file__).resolve().parents[1]


def test_every_default_is_the_models():
    light, model = machine.DefaultSettings(), machine.MachineSettings()
    for name in machine.MachineSettings.model_fields:
        value = getattr(model, name)
        if hasattr(value, "model_dump"):
            assert vars(getattr(light, name)) == value.model_dump(), name
        else:
            assert getattr(light, name) == value, name
    assert light == model and model == light


def test_a_missing_or_empty_file_gives_the_defaults_and_a_key_gives_the_model(tmp_path):
    assert isinstance(machine.load(tmp_path / "missing.toml"), machine.DefaultSettings)
    empty = tmp_path / "empty.toml"
    empty.write_text("# nothing set yet\n", encoding="utf-8")
    assert isinstance(machine.load(empty), machine.DefaultSettings)
    one = tmp_path / "one.toml"
    one.write_text("keep_releases = 3\n", encoding="utf-8")
    loaded = machine.load(one)
    assert isinstance(loaded, machine.MachineSettings) and loaded.keep_releases == 3


def test_the_defaults_do_what_a_model_does(tmp_path):
    light = machine.load(tmp_path / "missing.toml")
    assert light.resolved_data_dir() == machine.MachineSettings().resolved_data_dir()
    assert not light.check_pin("2580")
    changed = light.model_copy(update={"pin_hash": machine.hash_pin("2580")})
    saved = machine.save(changed, tmp_path / "kiosk.toml")
    assert machine.load(saved).check_pin("2580")


def test_reading_no_settings_file_builds_no_model(tmp_path):
    program = ("import json, sys\nfrom kiosk.services import settings\ns = settings.load(sys.argv[1])\n"
               "print(json.dumps([s.screen.fullscreen, s.log_level, sorted(m for m in sys.modules "
               "if m == 'pydantic' or m.startswith(('pydantic.', 'kiosk.services.settings_model')))]))")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", program, str(tmp_path / "kiosk.toml")], env=env,
                          capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(done.stdout.splitlines()[-1]) == [True, "INFO", []]
