"""Panels that apps above projects add to the project page (the activities of the work app):
they register a function here when Django starts, so projects never imports them."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict = field(default_factory=dict)


_PROVIDERS: list[Callable] = []


def register(provider: Callable) -> None:
    """`provider(request, project)` returns a Panel, or None to show nothing."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def panels_for(request: HttpRequest, project) -> list[Panel]:
    return [panel for provider in _PROVIDERS if (panel := provider(request, project)) is not None]
