"""The `kiosk validate` and `kiosk schema` commands, the JSON Schema, and the model's independence of Kivy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from contentkit import edit
from kiosk.cli import main
from kiosk.model.schema import FILE_KINDS, json_schema

REPO = Path(__file__).resolve().parents[1]


def test_validate_exit_codes(content: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["validate", str(content)]) == 0
    assert "0 error(s), 0 warning(s). OK: 1 stories, 1 providers, 1 pages." in capsys.readouterr().out

    edit(content / "stories/baeckerei-lange/story.yaml", "teaser: {de: Die Bäckerei nimmt Bestellungen online an., "
         "en: The bakery takes orders online.}", "teaser: Nur Deutsch")
    assert main(["validate", str(content)]) == 0, "warnings alone pass"

    edit(content / "kiosk.yaml", "idle_timeout: 60", "idle_timeout: -1")
    assert main(["validate", str(content)]) == 1
    out = capsys.readouterr().out
    assert "kiosk.yaml:3: error: 'idle_timeout' must be more than 0" in out
    assert "1 error(s)" in out

    assert main(["validate", str(tmp_path / "nirgends")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["validate", str(tmp_path)]) == 2
    assert "no kiosk.yaml" in capsys.readouterr().err


def test_validate_json_format(content: Path, capsys: pytest.CaptureFixture) -> None:
    edit(content / "kiosk.yaml", "idle_timeout: 60", "idle_timeout: lange")
    assert main(["validate", str(content), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["errors"] == 1 and report["warnings"] == 0
    assert report["problems"] == [{"file": "kiosk.yaml", "line": 3, "severity": "error",
                                   "message": "'idle_timeout' must be a number, e.g. 90"}]


def test_console_script_runs_as_module(content: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "kiosk", "validate", str(content)],
                          capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr


def test_model_does_not_import_kivy(content: Path) -> None:
    code = ("import sys; from kiosk.model.loader import load_exhibition; import kiosk.cli, kiosk.design;"
            "from kiosk.services import content_ops;"
            f"load_exhibition(__import__('pathlib').Path({str(content)!r}));"
            f"content_ops.validate(__import__('pathlib').Path({str(content)!r}));"
            "print(sorted(m for m in sys.modules if m == 'kivy' or m.startswith('kivy.')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("kind,relative", [
    ("kiosk", "kiosk.yaml"), ("story", "stories/baeckerei-lange/story.yaml"),
    ("provider", "providers/nordwerk/provider.yaml"), ("page", "pages/foerderprogramm/page.yaml")])
def test_schema_round_trip(content: Path, kind: str, relative: str) -> None:
    """A valid file passes both the JSON Schema and the model; a broken one fails both."""
    schema = json_schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    data = _load(content / relative)
    jsonschema.validate(data, schema)
    FILE_KINDS[kind].model_validate(data)

    broken = dict(data, unbekannt=1)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
    with pytest.raises(Exception):
        FILE_KINDS[kind].model_validate(broken)

    required = next(iter(schema["required"]))
    without = {k: v for k, v in data.items() if k != required}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(without, schema)


def test_schema_command_writes_each_kind(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["schema", str(tmp_path / "schema")]) == 0
    written = capsys.readouterr().out.split()
    assert sorted(Path(p).name for p in written) == sorted(f"{k}.schema.json" for k in FILE_KINDS)
    for kind in FILE_KINDS:
        assert json.loads((tmp_path / "schema" / f"{kind}.schema.json").read_text()) == json_schema(kind)


def test_bundled_schema_is_current() -> None:
    """The schema files in content/schema are what the models produce now (`kiosk schema` rewrites them)."""
    for kind in FILE_KINDS:
        bundled = json.loads((REPO / "content" / "schema" / f"{kind}.schema.json").read_text())
        assert bundled == json_schema(kind), f"run `kiosk schema` to refresh {kind}.schema.json"
