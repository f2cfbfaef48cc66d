"""The Kivy side of the kiosk: controller, screens, widgets and the entry points in launch.py.

Importing this package does not import Kivy; ``kiosk.ui.launch`` configures Kivy first.
"""
