"""Identity pages: the review queue, a person's identity history, and the registrar's
possible-matches panel. Server-rendered forms with the session's CSRF token; no JavaScript."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from puente.access.domain.roles import Permission
from puente.access.services.guard import Gate
from puente.identity.adapters import actions
from puente.identity.adapters.registration_check import NewPerson
from puente.identity.domain.review import Verdict
from puente.web.access import guarded
from puente.web.security import CSRF_FIELD
from puente.web.templating import render

router = APIRouter(prefix="/identity", include_in_schema=False)
Reviewer = Annotated[Gate, Depends(guarded(Permission.IDENTITY_REVIEW))]
Reader = Annotated[Gate, Depends(guarded(Permission.REGISTRY_READ))]
Registrar = Annotated[Gate, Depends(guarded(Permission.REGISTRY_WRITE))]
QUEUE_PAGE = 20
MEMBER_FIELDS = tuple(NewPerson.__dataclass_fields__)


@router.get("/review", response_class=HTMLResponse)
def review_page(
    request: Request, gate: Reviewer, offset: int = 0, decided: str = ""
) -> HTMLResponse:
    pairs = actions.review_queue(request, gate, QUEUE_PAGE, max(offset, 0))
    context = {"pairs": pairs, "offset": offset, "page": QUEUE_PAGE, "decided": decided}
    return render(request, "identity/review.html", context)


@router.post("/pairs/{pair_id}/decision")
def decide(
    request: Request, gate: Reviewer, pair_id: UUID, verdict: Annotated[Verdict, Form()]
) -> RedirectResponse:
    actions.decide(request, gate, pair_id, verdict)
    return RedirectResponse(f"/identity/review?decided={verdict.value}", status_code=303)


@router.get("/persons/{person_id}", response_class=HTMLResponse)
def history_page(request: Request, gate: Reader, person_id: UUID) -> HTMLResponse:
    page = actions.history(request, gate, person_id)
    can_review = Permission.IDENTITY_REVIEW in gate.principal.permissions
    return render(request, "identity/history.html", {"page": page, "can_review": can_review})


@router.post("/merges")
def merge(
    request: Request,
    gate: Reviewer,
    person_id: Annotated[UUID, Form()],
    other_person_id: Annotated[UUID, Form()],
    reason: Annotated[str, Form(min_length=1, max_length=500)],
) -> RedirectResponse:
    actions.merge(request, gate, [str(person_id), str(other_person_id)], reason)
    return RedirectResponse(f"/identity/persons/{person_id}", status_code=303)


@router.post("/merges/{event_id}/undo")
def unmerge(
    request: Request,
    gate: Reviewer,
    event_id: str,
    person_id: Annotated[UUID, Form()],
    reason: Annotated[str, Form(min_length=1, max_length=500)],
) -> RedirectResponse:
    actions.unmerge(request, gate, event_id, reason)
    return RedirectResponse(f"/identity/persons/{person_id}", status_code=303)


def _members(form: dict[str, Any]) -> list[NewPerson]:
    """The persons of a registration form (``members-0-given_names`` …), in order."""
    indexes = sorted(
        {
            int(k.split("-")[1])
            for k in form
            if k.startswith("members-") and k.split("-")[1].isdigit()
        }
    )
    return [
        NewPerson(**{f: str(form.get(f"members-{i}-{f}", "") or "") for f in MEMBER_FIELDS})
        for i in indexes
    ]


@router.post("/possible-matches", response_class=HTMLResponse)
async def possible_matches_page(request: Request, gate: Registrar) -> HTMLResponse:
    """The registration form posted here (its "check for possible matches" button) shows, for each
    person on it, who among the persons held they might be; the form's values are carried on."""
    form = await request.form()
    carried = [(k, v) for k, v in form.multi_items() if k != CSRF_FIELD and isinstance(v, str)]
    data = dict(carried)
    panels = [(member, await _check(request, gate, member)) for member in _members(data)]
    return render(request, "identity/possible_matches.html", {"panels": panels, "carried": carried})


async def _check(
    request: Request, gate: Gate, member: NewPerson
) -> list[actions.PossibleMatch] | None:

    return await run_in_threadpool(actions.check, request, gate, member)
