"""The content model: pure Python, no Kivy.

``load_exhibition(folder)`` reads a content folder and returns an immutable, fully resolved
:class:`~kiosk.model.types.Exhibition`, or raises :class:`~kiosk.model.problems.ContentError`
listing every problem found.
"""
