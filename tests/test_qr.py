"""QR code service: local generation, quiet zone, error correction, caching, decodability."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from kiosk.services.qr import QUIET_ZONE, module_size_for, qr_image, qr_matrix, qr_rgba

URL = "https://werkbank.example/kontakt?story=baeckerei&provider=nordwerk&page=&lang=de&source=kiosk"


def test_matrix_has_quiet_zone_of_four_light_modules():
    matrix = qr_matrix(URL)
    side = len(matrix)
    assert all(len(row) == side for row in matrix)
    for i in range(QUIET_ZONE):
        assert not any(matrix[i]) and not any(matrix[side - 1 - i])
        assert not any(row[i] or row[side - 1 - i] for row in matrix)
    assert matrix[QUIET_ZONE][QUIET_ZONE], "finder pattern starts right after the quiet zone"


def test_error_correction_is_m_or_higher():
    import qrcode
    from qrcode.constants import ERROR_CORRECT_L, ERROR_CORRECT_M

    code_l = qrcode.QRCode(error_correction=ERROR_CORRECT_L, border=QUIET_ZONE)
    code_l.add_data(URL)
    code_l.make(fit=True)
    code_m = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE)
    code_m.add_data(URL)
    code_m.make(fit=True)
    assert len(qr_matrix(URL)) == len(code_m.get_matrix())
    assert qr_matrix(URL) == tuple(tuple(bool(c) for c in row) for row in code_m.get_matrix())


def test_matrix_is_cached_per_url():
    assert qr_matrix(URL) is qr_matrix(URL)
    assert qr_matrix(URL) is not qr_matrix(URL + "x")


def test_rgba_and_module_size():
    side, data = qr_rgba(URL, 5)
    assert side == len(qr_matrix(URL)) * 5
    assert len(data) == side * side * 4
    assert module_size_for(URL, 320) == 320 // len(qr_matrix(URL))
    assert module_size_for(URL, 10) == 5
    with pytest.raises(ValueError):
        qr_rgba(URL, 0)
    with pytest.raises(ValueError):
        qr_matrix("")


def test_generation_needs_no_kivy():
    code = "import kiosk.services.qr as q, sys; q.qr_image('https://a.example'); print('kivy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg not installed")
def test_image_decodes(tmp_path):
    path = tmp_path / "qr.png"
    qr_image(URL, 6).save(path)
    out = subprocess.run(["zbarimg", "-q", "--raw", str(path)], capture_output=True, text=True)
    assert out.stdout.splitlines() == [URL]


def test_short_address_is_host_and_path_without_query():
    from kiosk.services.qr import short_address

    assert short_address(URL) == "werkbank.example/kontakt"
    assert short_address("https://www.dortmund.example/foerderung/?x=1#top") == "dortmund.example/foerderung"
    assert short_address("https://foerderung.example/" + "sehr-lange-seite/" * 4) == "foerderung.example"
    assert short_address("https://[::1") == ""


def test_contact_urls_leave_out_parameters_that_do_not_apply():
    from kiosk.model.types import omit_empty_parameters

    template = "https://werkbank.example/kontakt?story={story}&provider={provider}&page={page}&lang={lang}"
    values = {"story": "", "provider": "nordwerk", "page": "", "lang": "de"}
    assert omit_empty_parameters(template, values) == "https://werkbank.example/kontakt?provider={provider}&lang={lang}"
    mixed = "https://x.example/k?ref=kiosk-{story}&page={page}&fixed=&x={story}#top"
    assert omit_empty_parameters(mixed, {}) == "https://x.example/k?ref=kiosk-{story}&fixed=#top", \
        "only a parameter that is exactly one placeholder goes; fixed text and the fragment stay"
    assert omit_empty_parameters("https://x.example/k?page={page}", {}) == "https://x.example/k"
    assert omit_empty_parameters("https://x.example/{story}", {}) == "https://x.example/{story}"
