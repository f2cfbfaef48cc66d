"""What acts on the :class:`~kiosk.ui.room.Room` while the kiosk runs unattended, one module a
job: staff access (gesture, PIN pad, panel), content swaps, opening hours, the keyboard
lockdown and systemd's watchdog. :mod:`kiosk.ui.assembly` builds them and starts them in order.
"""
