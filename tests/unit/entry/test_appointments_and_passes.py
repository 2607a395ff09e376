"""The appointment transition table, the requeue rules, and signed passes verified offline."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from puente.entry.domain.appointments import (
    TRANSITIONS,
    Appointment,
    AppointmentState,
    Requeue,
    requeue_rule,
)
from puente.entry.domain.passes import PREFIX, PassSigner, verify_pass
from puente.entry.domain.policy import DEFAULT_POLICY
from puente.shared.errors import IllegalTransition, InvalidInput

NOW = datetime(2023, 6, 1, 12, tzinfo=UTC)


def appointment(state: AppointmentState = AppointmentState.OFFERED) -> Appointment:
    return Appointment(
        id=uuid4(),
        request_id="r1",
        port="ELP",
        port_timezone="America/Denver",
        day=date(2023, 6, 2),
        party_size=4,
        offered_at=NOW,
        confirm_by=NOW + timedelta(hours=23),
        expires_at=datetime(2023, 6, 3, 0, tzinfo=UTC),
        rule="lottery",
        state=state,
    )


@pytest.mark.parametrize(
    ("source", "target"), list(itertools.product(AppointmentState, AppointmentState))
)
def test_transition_table_is_enforced_and_illegal_moves_name_both_states(
    source: AppointmentState, target: AppointmentState
) -> None:
    a = appointment(source)
    if target in TRANSITIONS[source]:
        a.move(target, NOW)
        assert a.state is target
        assert a.history[-1].source is source
    else:
        with pytest.raises(IllegalTransition) as raised:
            a.move(target, NOW)
        assert (raised.value.current, raised.value.target) == (source.value, target.value)
        assert source.value in str(raised.value) and target.value in str(raised.value)


def test_confirm_only_before_the_deadline_and_expire_after_it() -> None:
    late = appointment()
    with pytest.raises(InvalidInput, match="deadline"):
        late.confirm(NOW + timedelta(hours=24))
    assert late.expire_if_due(NOW + timedelta(hours=24))
    assert late.state is AppointmentState.EXPIRED
    on_time = appointment()
    on_time.confirm(NOW + timedelta(hours=1))
    assert not on_time.expire_if_due(NOW + timedelta(hours=30))
    assert on_time.miss_if_due(datetime(2023, 6, 3, 1, tzinfo=UTC))
    assert on_time.state is AppointmentState.NO_SHOW


def test_check_in_on_the_local_day_of_the_port() -> None:
    a = appointment(AppointmentState.CONFIRMED)
    with pytest.raises(InvalidInput):
        a.check_in(datetime(2023, 6, 2, 5, tzinfo=UTC))  # still 1 June in El Paso
    a.check_in(datetime(2023, 6, 2, 15, tzinfo=UTC))
    assert a.state is AppointmentState.CHECKED_IN


def test_requeue_rules_follow_the_policy() -> None:
    assert requeue_rule(AppointmentState.MOVED_BY_CLOSURE, DEFAULT_POLICY) is Requeue.FIRST
    assert requeue_rule(AppointmentState.EXPIRED, DEFAULT_POLICY) is Requeue.KEEP_PLACE
    assert requeue_rule(AppointmentState.NO_SHOW, DEFAULT_POLICY) is Requeue.ASK_AGAIN
    assert requeue_rule(AppointmentState.PROCESSED, DEFAULT_POLICY) is Requeue.DONE


def test_pass_round_trip_holds_only_the_public_fields() -> None:
    signer = PassSigner(Ed25519PrivateKey.generate())
    a = appointment()
    token = signer.issue(a)
    assert token.startswith(PREFIX) and len(token) < 140
    assert signer.issue(a) == token  # Ed25519 is deterministic: a pass can be issued again
    claims = verify_pass(token, {signer.key_id: signer.public_key}, NOW)
    assert (claims.appointment_id, claims.port, claims.day, claims.party_size) == (
        a.id,
        "ELP",
        date(2023, 6, 2),
        4,
    )
    assert claims.expires_at == a.expires_at


def test_tampered_expired_and_foreign_passes_are_refused() -> None:
    signer = PassSigner(Ed25519PrivateKey.generate())
    keys = {signer.key_id: signer.public_key}
    token = signer.issue(appointment())
    body = token[len(PREFIX) :]
    flipped = PREFIX + body[:30] + ("A" if body[30] != "A" else "B") + body[31:]
    with pytest.raises(InvalidInput, match=r"forged or altered|damaged"):
        verify_pass(flipped, keys, NOW)
    with pytest.raises(InvalidInput, match="expired"):
        verify_pass(token, keys, datetime(2023, 6, 4, tzinfo=UTC))
    other = PassSigner(Ed25519PrivateKey.generate())
    with pytest.raises(InvalidInput, match="does not know"):
        verify_pass(other.issue(appointment()), keys, NOW)
    with pytest.raises(InvalidInput, match="not a Puente pass"):
        verify_pass("hello", keys, NOW)
