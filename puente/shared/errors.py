"""Errors the domain and use cases raise; adapters turn them into problem details or messages."""

from __future__ import annotations

from dataclasses import dataclass, field


class PuenteError(Exception):
    """Base of every error Puente raises on purpose."""


@dataclass(frozen=True)
class FieldProblem:
    """One bad value: where it is (dotted path, e.g. ``members.0.birth_date``) and what is wrong."""

    field: str
    message: str


@dataclass
class InvalidInput(PuenteError):
    """Input that breaks a rule; names every field that was wrong."""

    problems: list[FieldProblem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in self.problems))

    @classmethod
    def single(cls, field_name: str, message: str) -> InvalidInput:
        return cls([FieldProblem(field_name, message)])

    def nested(self, prefix: str) -> InvalidInput:
        """The same problems with their field paths placed under ``prefix``."""
        return InvalidInput([FieldProblem(f"{prefix}.{p.field}", p.message) for p in self.problems])


class NotFound(PuenteError):
    def __init__(self, kind: str, identifier: object) -> None:
        super().__init__(f"{kind} {identifier} not found")
        self.kind = kind
        self.identifier = identifier


class NotAuthenticated(PuenteError):
    def __init__(self) -> None:
        super().__init__("log in, or send a valid API token")


class Forbidden(PuenteError):
    """The caller is known but may not do this; the message says what was missing."""


class IdempotencyConflict(PuenteError):
    """A request id reused with a different payload: the first request stands."""

    def __init__(self, request_id: str) -> None:
        super().__init__(f"request id {request_id!r} was already used for a different request")
        self.request_id = request_id


class IllegalTransition(PuenteError):
    """A state machine asked to make a move its transition table does not allow."""

    def __init__(self, machine: str, current: str, target: str) -> None:
        super().__init__(f"{machine}: cannot move from {current!r} to {target!r}")
        self.machine = machine
        self.current = current
        self.target = target


class StaleVersion(PuenteError):
    """A change based on an outdated read of a record; the client must reload first."""

    def __init__(self, kind: str, current_version: int) -> None:
        super().__init__(f"the {kind} is at version {current_version}; reload and try again")
        self.current_version = current_version


class Unavailable(PuenteError):
    """Not now, retry shortly: the web layer answers 503 with ``Retry-After`` (a full queue, a
    write that kept losing races). Nothing was stored for this ask."""


class WinnerUnreadable(Unavailable):
    """A request lost the race to store its request id, yet what the winner stored cannot be
    read (rolled back or erased meanwhile). Nothing of this ask was stored; sending it again is
    safe, so the web layer answers 503 with ``Retry-After`` like any ``Unavailable``."""

    def __init__(self, request_id: object) -> None:
        super().__init__(f"request id {request_id} was being stored by another request; retry")
