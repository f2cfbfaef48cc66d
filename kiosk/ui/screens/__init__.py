"""The kiosk's screens, each a ``<name>.py`` beside its ``<name>.kv``."""
