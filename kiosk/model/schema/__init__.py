"""The content files as pydantic models, and the JSON Schema that staff editors use.

These models are the single source of truth for both validation (the loader) and the JSON
Schema that staff editors use (``kiosk schema``), so the two cannot drift. They describe the
files as written; cross-references and media are checked by the loader.

The titles and descriptions are German, for staff: the YAML extension of VS Code shows them
while typing, and shows ``patternErrorMessage`` / ``errorMessage`` instead of a raw regex when
a value is wrong. A few rules that the loader checks in its own code (with a more specific
message) are repeated in the schema for the editor: https in ``contact_url``, the file types
of images and videos, and each language once. tests/test_editor_schema.py holds the schema and
``kiosk validate`` to the same faulty files.

- :mod:`~kiosk.model.schema.fields`: the patterns, text types and German messages the files share;
- :mod:`~kiosk.model.schema.files`: one model per file kind;
- :mod:`~kiosk.model.schema.editor`: the JSON Schema files written from the models.
"""

from kiosk.model.schema.editor import json_schema, write_schemas
from kiosk.model.schema.fields import LANG, SLUG
from kiosk.model.schema.files import (FILE_KINDS, AttractEntry, CompanyEntry, CostEntry, FigureEntry,
                                      GoalEntry, IndustryEntry, KioskFile, MediaEntry, PageFile, ProviderFile,
                                      StoryFile)

__all__ = ["FILE_KINDS", "LANG", "SLUG", "AttractEntry", "CompanyEntry", "CostEntry", "FigureEntry", "GoalEntry",
           "IndustryEntry", "KioskFile", "MediaEntry", "PageFile", "ProviderFile", "StoryFile",
           "json_schema", "write_schemas"]
