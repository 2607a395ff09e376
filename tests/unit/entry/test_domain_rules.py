"""Ports and calendars, the policy format, the lottery protocol, MPP eligibility and messages."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from puente.entry.domain.lottery import (
    commitment_of,
    draw_keys,
    draw_seed,
    requests_digest,
    splitmix64,
    ticket_of,
    tickets_of,
    verify_reveal,
)
from puente.entry.domain.messages import TEMPLATES, render
from puente.entry.domain.policy import DEFAULT_POLICY, MPP_POLICY, AllocationPolicy
from puente.entry.domain.ports import SOUTHWEST_PORTS, CapacityCalendar, PortOfEntry
from puente.entry.domain.requests import (
    CaseStatus,
    CourtCase,
    VulnerabilityLevel,
    level_from_flags,
    mpp_eligible,
)
from puente.shared.errors import InvalidInput


def test_calendar_ramp_overrides_and_closures() -> None:
    calendar = CapacityCalendar()
    port = calendar.add_port(SOUTHWEST_PORTS["ELP"])
    port.set_from(date(2021, 2, 26), 30)
    port.set_from(date(2021, 3, 5), 50)
    port.set_from(date(2021, 3, 15), 100)
    port.override(date(2021, 3, 20), 10)
    port.close(date(2021, 3, 21), "storm")
    assert port.capacity(date(2021, 2, 25)) == 0
    assert port.capacity(date(2021, 2, 26)) == 30
    assert port.capacity(date(2021, 3, 14)) == 50
    assert port.capacity(date(2021, 3, 16)) == 100
    assert port.capacity(date(2021, 3, 20)) == 10
    assert port.capacity(date(2021, 3, 21)) == 0
    assert calendar.capacities(date(2021, 3, 16)) == [100]
    with pytest.raises(InvalidInput):
        port.set_from(date(2021, 4, 1), -1)


def test_ports_have_real_zones_and_aware_opening_hours() -> None:
    window = SOUTHWEST_PORTS["SYS"].window(date(2021, 2, 19))
    assert window[0].utcoffset() is not None
    assert window[0].astimezone(UTC).hour == 14  # 06:00 Pacific standard time
    with pytest.raises(Exception, match="No time zone"):
        PortOfEntry("XXX", "Nowhere", "Mars/Olympus")
    with pytest.raises(InvalidInput):
        PortOfEntry("XXX", "Backwards", "America/Chicago", opens=time(18), closes=time(6))


def test_policy_round_trips_through_its_published_form() -> None:
    for policy in (DEFAULT_POLICY, MPP_POLICY):
        assert AllocationPolicy.from_dict(policy.to_dict()) == policy
    assert DEFAULT_POLICY.to_dict()["rules"][-1] == {"rule": "lottery", "share": "rest"}


def test_policy_must_end_with_a_rule_for_everyone() -> None:
    with pytest.raises(InvalidInput, match="last rule"):
        AllocationPolicy.from_dict({"rules": [{"rule": "vulnerability", "share": 0.5}]})
    with pytest.raises(InvalidInput, match="between 0 and 1"):
        AllocationPolicy.from_dict(
            {"rules": [{"rule": "longest_waiting", "share": 2}, {"rule": "lottery"}]}
        )
    with pytest.raises(InvalidInput, match="not a valid policy"):
        AllocationPolicy.from_dict({"rules": [{"rule": "bribes"}]})


def test_lottery_protocol_is_plain_sha256_and_hmac() -> None:
    secret = "correct horse battery staple"
    assert commitment_of(secret) == hashlib.sha256(secret.encode()).hexdigest()
    verify_reveal(secret, commitment_of(secret).upper())
    with pytest.raises(InvalidInput, match="does not match"):
        verify_reveal("another secret", commitment_of(secret))
    seed = draw_seed(secret, date(2023, 5, 12), beacon="abc")
    expected = hmac.new(secret.encode(), b"puente-lottery-v1|2023-05-12|abc", "sha256").digest()
    assert seed == expected
    assert draw_seed(secret, date(2023, 5, 13)) != draw_seed(secret, date(2023, 5, 12))


def test_draw_keys_follow_the_published_splitmix64_reference() -> None:
    def reference(x: int) -> int:
        mask = 2**64 - 1
        x ^= x >> 30
        x = (x * 0xBF58476D1CE4E5B9) & mask
        x ^= x >> 27
        x = (x * 0x94D049BB133111EB) & mask
        return x ^ (x >> 31)

    ids = ["a", "b", "request-42"]
    tickets = tickets_of(ids)
    assert tickets.tolist() == [ticket_of(i) for i in ids]
    seed = draw_seed("s", date(2023, 5, 12))
    s0 = int.from_bytes(seed[:8], "big")
    assert draw_keys(tickets, seed).tolist() == [reference(t ^ s0) for t in tickets.tolist()]
    assert len(set(splitmix64(np.arange(1000, dtype=np.uint64)).tolist())) == 1000


def test_mpp_eligibility_widened_on_23_june_2021() -> None:
    pending = CourtCase("A123456789", CaseStatus.PENDING, date(2021, 2, 1))
    absentia = CourtCase("A987654321", CaseStatus.IN_ABSENTIA, date(2021, 2, 1))
    assert mpp_eligible(pending, date(2021, 2, 19))
    assert not mpp_eligible(pending, date(2021, 2, 18))
    assert not mpp_eligible(absentia, date(2021, 6, 22))
    assert mpp_eligible(absentia, date(2021, 6, 23))


def test_vulnerability_flags_map_to_the_highest_level() -> None:
    assert level_from_flags(()) is VulnerabilityLevel.NONE
    assert level_from_flags(("elderly", "medical")) is VulnerabilityLevel.URGENT_MEDICAL
    assert level_from_flags(("single_caregiver",)) is VulnerabilityLevel.ELEVATED


def test_every_message_exists_in_all_five_languages_with_the_same_fields() -> None:
    languages = {"spa", "eng", "hat", "por", "fra"}
    for key, texts in TEMPLATES.items():
        assert set(texts) == languages, key
        fields = {
            lang: sorted(part.split("}")[0] for part in text.split("{")[1:])
            for lang, text in texts.items()
        }
        assert len({tuple(f) for f in fields.values()}) == 1, key


def test_rendering_falls_back_to_spanish_and_says_so() -> None:
    params = {"date": "2023-06-01"}
    assert render("not_allocated.no_capacity", "quc", params).language == "spa"
    assert render("not_allocated.no_capacity", "ht", params).language == "hat"
    assert render("not_allocated.no_capacity", "fra", params).text.startswith("Pas de")
    assert (
        datetime(2023, 6, 1, tzinfo=UTC).date().isoformat()
        in render("not_allocated.no_capacity", "eng", params).text
    )


def test_requests_digest_is_the_hash_of_the_sorted_ids() -> None:
    ids = ["req-2", "req-10", "req-1"]
    expected = hashlib.sha256(b"req-1\nreq-10\nreq-2\n").hexdigest()
    assert requests_digest(ids) == requests_digest(reversed(ids)) == expected


def test_the_re_run_snippet_in_the_docs_gives_the_same_order() -> None:
    text = (Path(__file__).parents[3] / "docs" / "entry.md").read_text()
    snippet = text.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict[str, Any] = {}
    exec(snippet, namespace)  # noqa: S102 - our own documentation, checked against the code
    ids = [f"req-{i:07d}" for i in range(200)]
    keys = draw_keys(tickets_of(ids), draw_seed("s3cret", date(2023, 6, 1), "beacon"))
    expected = [ids[i] for i in np.argsort(keys, kind="stable")]
    assert namespace["draw_order"](ids, "s3cret", "2023-06-01", "beacon") == expected
