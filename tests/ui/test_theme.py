"""The palette meets WCAG AA for every text/background pair the UI uses."""

from __future__ import annotations

import pytest

from kiosk.design import PALETTE, TEXT_PAIRS, contrast_ratio, scale_for


def test_contrast_ratio_reference_values():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("fg,bg", TEXT_PAIRS)
def test_text_pairs_meet_aa(fg, bg):
    assert contrast_ratio(PALETTE[fg], PALETTE[bg]) >= 4.5, (fg, bg)


def test_scale_keeps_body_text_at_24px_or_more_on_full_hd():
    assert scale_for(1920, 1080) == 1.0
    assert scale_for(1080, 1920) == 1.0
    assert 28 * scale_for(1920, 1080) >= 24


def test_theme_at_full_hd_is_the_design():
    """kv sizes come from kiosk.design, the numbers the image cache sizes its copies by."""
    from kiosk import design
    from kiosk.ui.theme import C, Theme

    theme = Theme(width=1920, height=1080)
    assert {role: getattr(theme, role) for role in design.TYPE_SCALE} == design.TYPE_SCALE
    assert (theme.margin, theme.gap, theme.small_gap) == (design.MARGIN, design.GAP, design.SMALL_GAP)
    assert (theme.touch, theme.bar, theme.qr, theme.logo, theme.radius) == (
        design.TOUCH, design.BAR, design.QR, design.LOGO, design.RADIUS)
    assert tuple(round(c * 255) for c in C["line"][:3]) == design.PLACEHOLDER_BG
