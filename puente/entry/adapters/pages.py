"""Self-service pages: ask for an appointment, see your position and the reason, confirm and
get your pass. Plain forms, no JavaScript, light enough for a cheap phone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from puente.entry.adapters.dependencies import (
    AskQueue,
    entry_uow,
    limiter,
    self_asks,
    signer_of,
)
from puente.entry.adapters.rate_limit import FailureLimiter
from puente.entry.adapters.schemas import ProofBody
from puente.entry.adapters.self_api import counted, evidence, status_out
from puente.entry.domain.messages import TEMPLATES
from puente.entry.services import planning, self_service
from puente.entry.services.self_service import SelfAsk
from puente.entry.services.unit_of_work import EntryUnitOfWork
from puente.shared.db import utc_now
from puente.shared.errors import InvalidInput, NotFound
from puente.web.routing import client_address
from puente.web.templating import render, request_language

router = APIRouter(include_in_schema=False)
UowFactory = Annotated[Callable[[], EntryUnitOfWork], Depends(entry_uow)]
Limiter = Annotated[FailureLimiter, Depends(limiter)]
Asks = Annotated[AskQueue, Depends(self_asks)]
# The languages the explanations are written in (the page itself is in Spanish or English).
MESSAGE_LANGUAGES = {
    "spa": "Español",
    "eng": "English",
    "hat": "Kreyòl ayisyen",
    "por": "Português",
    "fra": "Français",
}
assert set(MESSAGE_LANGUAGES) == set(next(iter(TEMPLATES.values())))
_PAGE_TO_MESSAGES = {"es": "spa", "en": "eng"}


async def _form(request: Request) -> dict[str, Any]:
    form = await request.form()
    data: dict[str, Any] = {k: form.get(k) for k in form}
    data["preferences"] = [p for p in form.getlist("preferences") if isinstance(p, str)]
    return data


def _proof(data: dict[str, Any]) -> ProofBody:
    try:
        return ProofBody(
            registration_id=UUID(str(data.get("registration_id", "")).strip()),
            birth_date=date.fromisoformat(str(data.get("birth_date", "")).strip()),
            language=data.get("message_language") or None,
        )
    except ValueError:
        raise InvalidInput.single("registration_id", "check the registration id and date") from None


def _ask_page(
    request: Request, uow: UowFactory, values: dict[str, Any], problem: str | None, code: int = 200
) -> HTMLResponse:
    ports = planning.calendar_of(uow()).ports.values()
    values.setdefault("message_language", _PAGE_TO_MESSAGES[request_language(request)])
    return render(
        request,
        "entry/self_ask.html",
        {
            "ports": [p.port for p in ports],
            "values": values,
            "problem": problem,
            "message_languages": MESSAGE_LANGUAGES,
        },
        status_code=code,
    )


def _status_page(request: Request, found: Any, proof: ProofBody, created: bool) -> HTMLResponse:
    out = status_out(found, proof.language, signer_of(request.app.state))
    return render(
        request,
        "entry/self_status.html",
        {
            "status": out,
            "created": created,
            "proof": {"registration_id": proof.registration_id, "birth_date": proof.birth_date},
            "message_language": proof.language or "",
        },
    )


@router.get("/entry", response_class=HTMLResponse)
def ask_page(request: Request, uow: UowFactory) -> HTMLResponse:
    return _ask_page(request, uow, {"preferences": []}, None)


@router.post("/entry/ask", response_class=HTMLResponse)
async def ask(request: Request, uow: UowFactory, asks: Asks, limits: Limiter) -> HTMLResponse:
    data = await _form(request)
    try:
        proof = _proof(data)
        ask = SelfAsk(
            proof.registration_id,
            proof.birth_date,
            tuple(data["preferences"]),
            bool(data.get("accepts_other_ports")),
            utc_now(),
        )
        with counted(client_address(request.scope), proof, limits):
            found, created = await asks.ask(ask)
    except (NotFound, InvalidInput) as error:
        return await run_in_threadpool(_ask_page, request, uow, data, _problem(error), 422)
    return _status_page(request, found, proof, created)


def _problem(error: NotFound | InvalidInput) -> str:
    if isinstance(error, NotFound):
        return "not_recognised"
    return "; ".join(p.message for p in error.problems)


@router.get("/entry/status", response_class=HTMLResponse)
def status_page(request: Request) -> HTMLResponse:
    return render(request, "entry/self_find.html", {"values": {}, "problem": None})


@router.post("/entry/status", response_class=HTMLResponse)
async def status(request: Request, uow: UowFactory, limits: Limiter) -> HTMLResponse:
    data = await _form(request)
    try:
        proof = _proof(data)
        with counted(client_address(request.scope), proof, limits):
            found = await run_in_threadpool(_status_after, uow, proof, bool(data.get("confirm")))
    except (NotFound, InvalidInput) as error:
        return render(
            request,
            "entry/self_find.html",
            {"values": data, "problem": _problem(error)},
            status_code=422,
        )
    return _status_page(request, found, proof, False)


def _status_after(uow: UowFactory, proof: ProofBody, confirm: bool) -> self_service.SelfStatus:
    """The person's status, after confirming their appointment if they asked to."""
    if confirm:
        self_service.confirm_mine(uow(), proof.registration_id, proof.birth_date, utc_now())
    return self_service.my_status(uow(), proof.registration_id, proof.birth_date)


@router.get("/entry/outages", response_class=HTMLResponse)
def outages_page(
    request: Request,
    uow: UowFactory,
    start: str | None = None,
    end: str | None = None,
    reference: str | None = None,
) -> HTMLResponse:
    """The outage record for a period, and one's own failed attempt by its reference: public,
    as evidence that the system could not be used."""
    values = {"start": start or "", "end": end or "", "reference": reference or ""}
    context: dict[str, Any] = {"values": values, "evidence": None, "problem": None}
    if start and end:
        try:
            first, last = date.fromisoformat(start), date.fromisoformat(end)
            context["evidence"] = evidence(
                uow, _midnight(first), _midnight(last + timedelta(days=1)), reference or None
            )
        except ValueError:
            context["problem"] = "dates are written year-month-day"
        except InvalidInput as error:
            context["problem"] = _problem(error)
    return render(request, "entry/outages.html", context)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), UTC)
