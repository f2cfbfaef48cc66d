"""The stories blueprint: the list of stories, a new story from the template, the edit form, delete."""

from __future__ import annotations

from flask import Blueprint, render_template

from kiosk.studio.app import workspace

bp = Blueprint("stories", __name__, url_prefix="/geschichten")


@bp.get("/")
def index():
    """The list of stories with their cover pictures."""
    ws = workspace()
    stories = []
    for story_id in ws.item_ids("stories"):
        stories.append({"id": story_id, "title": story_id, "cover": None})
    return render_template("stories.html", stories=stories)
