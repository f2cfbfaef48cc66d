"""Slot-sized copies of the staff's photos, built once and kept on disk (no Kivy).

Phones deliver 12-48 MP JPEGs (often rotated by an EXIF tag, often in Display P3) and
PNGs with alpha. Decoded at full size one cover is a ~100 MB texture, so the UI never
loads a content image directly: it asks :meth:`ImageCache.get` for a copy that fits
the slot it is shown in (:func:`slot_boxes`) and loads that.

An entry is named after the blake2b hash of the source's bytes, the box, the fit and, for
a cover crop around another point than the middle, the content's focus point,
so renaming or copying a file reuses its entry and rewriting it in place makes a new
one. Entries are written to a temporary file, fsynced and renamed into place: a
kiosk switched off at the wall never serves half a JPEG. Least recently used
entries are removed by :meth:`ImageCache.prune` once the cache passes its budget.

A source that does not decode becomes a calm grey placeholder and a warning in the
log naming the file and the fix; :meth:`ImageCache.get` never raises.

A build takes 0.1-0.7 s: on the UI thread use :meth:`ImageCache.cached` and show the
placeholder or nothing until :meth:`ImageCache.warm_in_background` has built the entry.

- :mod:`~kiosk.services.imagecache.slots`: the slots' boxes and fits a request names;
- :mod:`~kiosk.services.imagecache.cache`: :class:`ImageCache`, requests and warming;
- :mod:`~kiosk.services.imagecache.store`: the folder, its entry names, hashes and budget;
- :mod:`~kiosk.services.imagecache.render`: decoding, scaling and encoding one picture;
- :mod:`~kiosk.services.imagecache.placeholder`: the picture shown where an image cannot be;
- :mod:`~kiosk.services.imagecache.errors`: failures as log lines, with the fix for staff.
"""

from kiosk.design import PLACEHOLDER_BG  # the placeholder's colour, for those who look for it
from kiosk.services.imagecache.cache import ImageCache, WarmResult
from kiosk.services.imagecache.slots import CENTRE, SLOT_FIT, Box, Fit, Focus, slot_boxes
from kiosk.services.imagecache.store import DIGESTS_FILE

__all__ = ["CENTRE", "DIGESTS_FILE", "PLACEHOLDER_BG", "SLOT_FIT", "Box", "Fit", "Focus", "ImageCache",
           "WarmResult", "slot_boxes"]
