"""Werkbank Kiosk: the touchscreen exhibition app of the Digitale Werkbank."""

__version__ = "0.1.0"
