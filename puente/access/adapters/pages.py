"""Log-in pages: password, then the authenticator code for roles that see confidential data."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from puente.access.adapters.store.credential_store import SqlCredentialStore
from puente.access.domain.credentials import same_secret, token_digest
from puente.access.services.authentication import (
    LoginRefused,
    confirm_second_factor,
    log_in,
    log_out,
)
from puente.settings import Environment
from puente.shared.db import utc_now
from puente.web.routing import client_address, engine_of, keyring_of
from puente.web.security import CSRF_FIELD, SESSION_COOKIE, RequestIdentity, identify
from puente.web.templating import render

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect to somewhere else."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def _same_origin(request: Request) -> bool:
    # A log-in form posted from another site is refused (log-in CSRF).
    origin = request.headers.get("origin") or request.headers.get("referer")
    return origin is None or urlsplit(origin).netloc == request.url.netloc


def _set_session_cookie(request: Request, response: Response, token: str) -> None:
    production = request.app.state.settings.environment is Environment.PRODUCTION
    response.set_cookie(
        SESSION_COOKIE, token, httponly=True, secure=production, samesite="strict", max_age=8 * 3600
    )


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str | None = None) -> HTMLResponse:
    return render(request, "access/login.html", {"next": _safe_next(next), "refused": False})


@router.post("/login", response_model=None)
def submit_login(
    request: Request,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    target = _safe_next(next)
    if not _same_origin(request):
        return render(
            request, "access/login.html", {"next": target, "refused": True}, status_code=403
        )
    source = client_address(request.scope)
    with SqlCredentialStore(engine_of(request)) as store:
        try:
            opened = log_in(store, username, password, source, utc_now())
        except LoginRefused:
            return render(
                request,
                "access/login.html",
                {"next": target, "refused": True, "username": username},
                status_code=401,
            )
    destination = f"/login/code?next={target}" if opened.needs_second_factor else target
    response = RedirectResponse(destination, status_code=303)
    _set_session_cookie(request, response, opened.token)
    return response


@router.get("/login/code", response_class=HTMLResponse)
def code_page(request: Request, next: str | None = None) -> HTMLResponse:
    return render(
        request,
        "access/code.html",
        {"next": _safe_next(next), "refused": False, "csrf": _pending_csrf(request)},
    )


def _pending_csrf(request: Request) -> str:
    """The CSRF token of a session still waiting for its second factor."""
    cookie = request.cookies.get(SESSION_COOKIE, "")
    with SqlCredentialStore(engine_of(request)) as store:
        session = store.session(token_digest(cookie)) if cookie else None
    return session.csrf_token if session else ""


@router.post("/login/code", response_model=None)
def submit_code(
    request: Request,
    code: Annotated[str, Form()],
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD)] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    target = _safe_next(next)
    expected = _pending_csrf(request)
    source = client_address(request.scope)
    try:
        if not expected or not same_secret(csrf_token, expected):
            raise LoginRefused()
        with SqlCredentialStore(engine_of(request)) as store:
            confirm_second_factor(
                store,
                keyring_of(request),
                request.cookies.get(SESSION_COOKIE, ""),
                code,
                source,
                utc_now(),
            )
    except LoginRefused:
        return render(
            request,
            "access/code.html",
            {"next": target, "refused": True, "csrf": expected},
            status_code=401,
        )
    return RedirectResponse(target, status_code=303)


@router.post("/logout", response_model=None)
def submit_logout(
    request: Request, identity: Annotated[RequestIdentity, Depends(identify)]
) -> Response:
    with SqlCredentialStore(engine_of(request)) as store:
        log_out(store, request.cookies.get(SESSION_COOKIE, ""), utc_now())
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
