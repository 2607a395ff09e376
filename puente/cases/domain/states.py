"""The asylum case pathway as an explicit transition table, from registration to a final order.

Any move not listed in ``TRANSITIONS`` is illegal and raises ``IllegalTransition``.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from puente.shared.errors import IllegalTransition


class CaseState(StrEnum):
    REGISTERED = "registered"
    ELIGIBILITY_CONFIRMED = "eligibility_confirmed"
    WAITING_IN_MEXICO = "waiting_in_mexico"
    PRESENTED_AT_PORT = "presented_at_port"
    EXPELLED_TITLE_42 = "expelled_title_42"
    EXPEDITED_REMOVAL = "expedited_removal"
    CREDIBLE_FEAR_INTERVIEW = "credible_fear_interview"
    FEAR_POSITIVE = "fear_positive"
    FEAR_NEGATIVE = "fear_negative"
    IJ_FEAR_REVIEW = "ij_fear_review"
    NTA_ISSUED = "nta_issued"
    IN_COURT = "in_court"
    MASTER_CALENDAR = "master_calendar"
    MERITS_HEARING = "merits_hearing"
    GRANTED = "granted"
    DENIED = "denied"
    WITHDRAWN = "withdrawn"
    TERMINATED = "terminated"
    IN_ABSENTIA_ORDER = "in_absentia_order"
    APPEAL_TO_BIA = "appeal_to_bia"
    REMOVED = "removed"
    FINAL = "final"


S = CaseState

# The decisions an immigration judge can reach; each may be appealed to the BIA.
DECISIONS = frozenset({S.GRANTED, S.DENIED, S.WITHDRAWN, S.TERMINATED, S.IN_ABSENTIA_ORDER})

TRANSITIONS: Mapping[CaseState, frozenset[CaseState]] = {
    S.REGISTERED: frozenset({S.ELIGIBILITY_CONFIRMED}),
    S.ELIGIBILITY_CONFIRMED: frozenset({S.WAITING_IN_MEXICO}),
    S.WAITING_IN_MEXICO: frozenset({S.PRESENTED_AT_PORT}),
    S.PRESENTED_AT_PORT: frozenset({S.NTA_ISSUED, S.EXPEDITED_REMOVAL, S.EXPELLED_TITLE_42}),
    # An expulsion sends the person back to Mexico, from where they may present again.
    S.EXPELLED_TITLE_42: frozenset({S.WAITING_IN_MEXICO, S.FINAL}),
    S.EXPEDITED_REMOVAL: frozenset({S.CREDIBLE_FEAR_INTERVIEW, S.REMOVED}),
    S.CREDIBLE_FEAR_INTERVIEW: frozenset({S.FEAR_POSITIVE, S.FEAR_NEGATIVE}),
    S.FEAR_POSITIVE: frozenset({S.NTA_ISSUED}),
    S.FEAR_NEGATIVE: frozenset({S.IJ_FEAR_REVIEW, S.REMOVED}),
    # The judge either vacates the negative finding (NTA, full proceedings) or affirms it.
    S.IJ_FEAR_REVIEW: frozenset({S.NTA_ISSUED, S.REMOVED}),
    S.NTA_ISSUED: frozenset({S.IN_COURT}),
    S.IN_COURT: frozenset({S.MASTER_CALENDAR, S.TERMINATED}),
    S.MASTER_CALENDAR: frozenset(
        {S.MERITS_HEARING, S.WITHDRAWN, S.TERMINATED, S.IN_ABSENTIA_ORDER}
    ),
    S.MERITS_HEARING: frozenset(DECISIONS),
    S.GRANTED: frozenset({S.APPEAL_TO_BIA, S.FINAL}),
    S.DENIED: frozenset({S.APPEAL_TO_BIA, S.FINAL}),
    S.WITHDRAWN: frozenset({S.FINAL}),
    S.TERMINATED: frozenset({S.APPEAL_TO_BIA, S.FINAL}),
    # A granted motion to reopen sends an in-absentia case back before the court.
    S.IN_ABSENTIA_ORDER: frozenset({S.APPEAL_TO_BIA, S.IN_COURT, S.FINAL}),
    # The BIA either decides (final) or remands to the immigration court.
    S.APPEAL_TO_BIA: frozenset({S.FINAL, S.IN_COURT}),
    S.REMOVED: frozenset({S.FINAL}),
    S.FINAL: frozenset(),
}

INITIAL_STATE = S.REGISTERED


def check_transition(current: CaseState, target: CaseState) -> None:
    """Raise ``IllegalTransition`` naming both states unless the table allows the move."""
    if target not in TRANSITIONS[current]:
        raise IllegalTransition("asylum case", current.value, target.value)
