"""Texts composed from the model for the screens (kept apart so kv files can import them)."""

from __future__ import annotations

from kivy.utils import escape_markup

from kiosk.model.textfmt import bind_units
from kiosk.ui.strings import tr


def company_line(story, lang: str) -> str:
    """Return "firm · place · industry · N Beschäftigte" for a story's company."""
    company = story.company
    # The count is formatted here, after the loader joined numbers to their units: join it too.
    employees = bind_units(tr("story.employees_one", lang) if company.employees == 1
                           else tr("story.employees", lang, n=company.employees))
    return " · ".join((company.name.get(lang), company.place.get(lang),
                       company.industry.label.get(lang), employees))


def cost_markup(story, lang: str) -> str:
    """Return the cost entries as markup lines: "[b]Einmalig:[/b] 900 €"."""
    return "\n".join(f"[b]{tr('cost.' + kind, lang)}:[/b] {escape_markup(text.get(lang))}"
                     for kind, text in story.cost.entries())


def services_text(provider, lang: str) -> str:
    """Return a provider's services as bullet lines."""
    return "\n".join("•  " + service.get(lang) for service in provider.services)
