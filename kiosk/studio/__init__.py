"""``kiosk studio``: a browser editor for a content folder, so staff never edit YAML by hand.

Its only output is the content folder itself, written round-trip (comments, key order and
quoting of untouched parts stay), atomically, with the last versions of each file kept for
undo outside the folder. The layout:

- :mod:`kiosk.studio.app`: the Flask app factory, its blueprints and the one navigation list;
- :mod:`kiosk.studio.workspace`: the folder as the studio sees it (safe paths, YAML, history,
  validation mapped to form fields);
- :mod:`kiosk.studio.server`: serving the app with waitress (``kiosk studio``);
- one blueprint module per kind of item (stories, providers, pages, settings, media, …).
"""
