"""The command line ends Ctrl-C and a closed pipe with a sentence or quietly, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kiosk import cli

CONTENT = Path(__file__).resolve().parents[1] / "content"


def test_ctrl_c_in_a_command_is_one_line_and_exit_130(monkeypatch, capsys):
    """A KeyboardInterrupt inside any command ends in one sentence and the shell's code for it."""
    def interrupted(_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "cmd_validate", interrupted)
    assert cli.main(["validate", str(CONTENT)]) == cli.EXIT_STOPPED
    err = capsys.readouterr().err
    assert "stopped" in err and "Traceback" not in err


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    """``kiosk validate … | head -1``: the closed pipe ends the command quietly."""
    folder = tmp_path / "laut"
    (folder / "stories").mkdir(parents=True)
    (folder / "kiosk.yaml").write_text((CONTENT / "kiosk.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    for n in range(600):  # far more problem lines than a pipe buffers
        story = folder / "stories" / f"s{n}"
        story.mkdir()
        (story / "story.yaml").write_text("titel: x\nteaser: y\n", encoding="utf-8")
    script = (f"import subprocess, sys\n"
              f"p = subprocess.Popen([sys.executable, '-m', 'kiosk', 'validate', '--no-probe', "
              f"{str(folder)!r}], stdout=subprocess.PIPE, stderr=subprocess.PIPE)\n"
              f"p.stdout.read(1); p.stdout.close()\n"
              f"err = p.stderr.read().decode(); code = p.wait()\n"
              f"print(code); print(err)\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                         cwd=tmp_path).stdout
    code, _, err = out.partition("\n")
    assert "Traceback" not in err and "BrokenPipe" not in err
    assert code.strip() in ("0", "1")
