"""Reusable widgets of the kiosk. Importing a widget module loads its .kv file once."""
