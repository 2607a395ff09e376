"""Jinja2 environment shared by every context's pages, with gettext bound per request."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
from jinja2.runtime import Context

from puente.web.i18n import (
    SUPPORTED_LANGUAGES,
    choose_language,
    country_display_name,
    language_display_name,
    translations_for,
)

TEMPLATES_DIR = Path(__file__).parent / "templates"
LANGUAGE_COOKIE = "puente_lang"

_environment = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    autoescape=select_autoescape(["html"]),
    extensions=["jinja2.ext.i18n"],
    auto_reload=False,
)


@pass_context
def _country_filter(context: Context, code: str) -> str:
    return country_display_name(code, context["language"])


@pass_context
def _language_filter(context: Context, code: str) -> str:
    return language_display_name(code, context["language"])


_environment.filters["country_name"] = _country_filter
_environment.filters["language_name"] = _language_filter


def request_language(request: Request) -> str:
    return choose_language(
        request.query_params.get("lang") or request.cookies.get(LANGUAGE_COOKIE),
        request.headers.get("accept-language"),
    )


def gettext_for(request: Request) -> Any:
    return translations_for(request_language(request)).gettext


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """Render a page in the request's language; ``?lang=`` also remembers the choice."""
    language = request_language(request)
    translations = translations_for(language)
    page = _environment.get_template(template)
    html = page.render(
        request=request,
        language=language,
        languages=SUPPORTED_LANGUAGES,
        _=translations.gettext,
        gettext=translations.gettext,
        ngettext=translations.ngettext,
        **(context or {}),
    )
    response = HTMLResponse(html, status_code=status_code)
    if request.query_params.get("lang") in SUPPORTED_LANGUAGES:
        response.set_cookie(LANGUAGE_COOKIE, language, max_age=365 * 24 * 3600, samesite="lax")
    return response
