"""The rules function on real dates, against the shipped policy table."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from puente.policy.adapters.table_file import load_table
from puente.policy.domain.facts import Facts
from puente.policy.domain.rules import Determination, Verdict, explain
from puente.policy.domain.table import PolicyTable

TIJUANA = ZoneInfo("America/Tijuana")
EL_PASO = ZoneInfo("America/Denver")
TABLE = load_table()


def noon(year: int, month: int, day: int, zone: ZoneInfo = TIJUANA) -> datetime:
    return datetime(year, month, day, 12, 0, tzinfo=zone)


def verdict(determination: Determination, policy_id: str) -> Verdict:
    return next(f.verdict for f in determination.findings if f.policy_id == policy_id)


def test_an_adult_on_15_april_2021_falls_under_title_42() -> None:
    found = explain(TABLE, Facts.of(), noon(2021, 4, 15))
    assert found.outcome.authority == "title_42"
    assert found.authority_policy == "title42"
    assert "title42_expulsion" in found.outcome.pathways
    assert verdict(found, "title8") is Verdict.DISPLACED
    title42 = next(f for f in found.findings if f.policy_id == "title42")
    assert any(c.text == "42 U.S.C. 265; 85 FR 17060" for c in title42.citations)


def test_an_unaccompanied_child_on_the_same_day_does_not() -> None:
    found = explain(TABLE, Facts.of(unaccompanied_child=True), noon(2021, 4, 15))
    assert found.outcome.authority == "title_8"
    title42 = next(f for f in found.findings if f.policy_id == "title42")
    assert title42.verdict is Verdict.EXCEPTED
    assert title42.because_of == ("title42-uac-practice",)
    assert any("86 FR 9942" in c.text for c in title42.citations)


@pytest.mark.parametrize(
    ("when", "exception"),
    [
        (noon(2021, 1, 29), None),  # before the exception in practice
        (noon(2021, 1, 31), "title42-uac-practice"),
        (noon(2021, 7, 15), "title42-uac-practice"),
        (noon(2021, 7, 17), "title42-uac-order"),  # the formal CDC order of 16 Jul 2021
    ],
)
def test_both_dates_of_the_children_exception_are_data(
    when: datetime, exception: str | None
) -> None:
    found = explain(TABLE, Facts.of(unaccompanied_child=True), when)
    title42 = next(f for f in found.findings if f.policy_id == "title42")
    if exception is None:
        assert title42.verdict is Verdict.APPLIES
    else:
        assert title42.because_of == (exception,)


def test_title_42_ends_and_the_lawful_pathways_presumption_starts_on_the_night_of_11_may_2023() -> (
    None
):
    eastern = ZoneInfo("America/New_York")
    before = explain(TABLE, Facts.of(), datetime(2023, 5, 11, 23, 58, tzinfo=eastern))
    after = explain(TABLE, Facts.of(), datetime(2023, 5, 11, 23, 59, tzinfo=eastern))
    assert before.outcome.authority == "title_42"
    assert "asylum_ineligibility_presumption" not in before.outcome.pathways
    assert after.outcome.authority == "title_8"
    assert "asylum_ineligibility_presumption" in after.outcome.pathways


def test_an_encounter_on_12_may_2023_falls_under_the_lawful_pathways_presumption() -> None:
    found = explain(TABLE, Facts.of(), noon(2023, 5, 12, EL_PASO))
    assert found.outcome.authority == "title_8"
    assert "asylum_ineligibility_presumption" in found.outcome.pathways
    presumption = next(f for f in found.findings if f.policy_id == "lawful-pathways")
    assert presumption.verdict is Verdict.APPLIES
    assert any(c.text == "8 CFR 208.33 (88 FR 31314)" for c in presumption.citations)


@pytest.mark.parametrize(
    ("facts", "exception"),
    [
        ({"unaccompanied_child": True}, "lawful-pathways-uac"),
        (
            {"encounter_kind": "port_presentation", "had_appointment": True},
            "lawful-pathways-appointment",
        ),
        ({"parole_process": True}, "lawful-pathways-parole"),
        ({"denied_asylum_in_transit_country": True}, "lawful-pathways-transit-denial"),
    ],
)
def test_each_exception_takes_the_person_out_of_the_presumption(
    facts: dict[str, object], exception: str
) -> None:
    found = explain(TABLE, Facts.of(facts), noon(2023, 5, 12, EL_PASO))
    presumption = next(f for f in found.findings if f.policy_id == "lawful-pathways")
    assert presumption.verdict is Verdict.EXCEPTED
    assert presumption.because_of == (exception,)
    assert "asylum_ineligibility_presumption" not in found.outcome.pathways


def test_an_appointment_counts_only_at_a_port() -> None:
    facts = Facts.of(had_appointment=True, encounter_kind="between_ports")
    found = explain(TABLE, facts, noon(2023, 5, 12, EL_PASO))
    assert verdict(found, "lawful-pathways") is Verdict.APPLIES


@pytest.mark.parametrize(
    ("facts", "rebutted"),
    [
        ({"medical_emergency": True}, True),
        ({"imminent_threat": True}, True),
        ({"trafficking_victim": True}, True),
        ({"encounter_kind": "port_presentation", "scheduling_obstacle": "language"}, True),
        ({"encounter_kind": "port_presentation", "scheduling_obstacle": "illiteracy"}, True),
        (
            {
                "encounter_kind": "port_presentation",
                "scheduling_obstacle": "technical_failure",
                "outage_logged": True,
            },
            True,
        ),
        # A technical failure with no logged outage is not evidence enough.
        (
            {"encounter_kind": "port_presentation", "scheduling_obstacle": "technical_failure"},
            False,
        ),
        ({"encounter_kind": "between_ports", "scheduling_obstacle": "language"}, False),
    ],
)
def test_rebuttals_of_the_presumption(facts: dict[str, object], rebutted: bool) -> None:
    found = explain(TABLE, Facts.of(facts), noon(2023, 6, 1, EL_PASO))
    expected = Verdict.REBUTTED if rebutted else Verdict.APPLIES
    assert verdict(found, "lawful-pathways") is expected


def test_no_presumption_for_a_mexican_who_transited_no_third_country() -> None:
    facts = Facts.of(mexican_national=True, transited_third_country=False)
    found = explain(TABLE, facts, noon(2023, 6, 1, EL_PASO))
    lawful = next(f for f in found.findings if f.policy_id == "lawful-pathways")
    assert lawful.verdict is Verdict.OUT_OF_SCOPE
    assert "transited_third_country is no" in lawful.reason


def mpp_case(status: str) -> Facts:
    return Facts.of(returned_under_mpp=True, mpp_court_status=status)


def test_in_absentia_mpp_cases_are_eligible_for_the_wind_down_only_from_23_june_2021() -> None:
    for status in ("in_absentia", "terminated"):
        on_22 = explain(TABLE, mpp_case(status), noon(2021, 6, 22))
        on_23 = explain(TABLE, mpp_case(status), noon(2021, 6, 23))
        assert "mpp_wind_down" not in on_22.outcome.pathways
        assert "mpp_wind_down" in on_23.outcome.pathways


def test_pending_mpp_cases_are_eligible_from_19_february_2021() -> None:
    assert (
        "mpp_wind_down"
        not in explain(TABLE, mpp_case("pending"), noon(2021, 2, 18)).outcome.pathways
    )
    assert (
        "mpp_wind_down"
        in explain(TABLE, mpp_case("appeal_pending"), noon(2021, 2, 19)).outcome.pathways
    )
    assert (
        "mpp_wind_down"
        not in explain(TABLE, mpp_case("completed"), noon(2021, 8, 1)).outcome.pathways
    )


def test_mpp_enrolment_ran_until_the_suspension_and_not_for_children_or_mexicans() -> None:
    assert "mpp_return" in explain(TABLE, Facts.of(), noon(2019, 6, 1)).outcome.pathways
    assert "mpp_return" in explain(TABLE, Facts.of(), noon(2021, 1, 20)).outcome.pathways
    assert "mpp_return" not in explain(TABLE, Facts.of(), noon(2021, 1, 21)).outcome.pathways
    for facts in (Facts.of(unaccompanied_child=True), Facts.of(mexican_national=True)):
        assert "mpp_return" not in explain(TABLE, facts, noon(2019, 6, 1)).outcome.pathways


def test_cbp_one_appointments_ran_from_january_2023_to_january_2025() -> None:
    def has(at: datetime) -> bool:
        return "cbp_one_appointment" in explain(TABLE, Facts.of(), at).outcome.pathways

    assert not has(noon(2023, 1, 11))
    assert has(noon(2023, 1, 12))
    assert has(noon(2025, 1, 19))
    assert not has(noon(2025, 1, 21))


def test_refugee_ceilings_and_the_mid_year_revision() -> None:
    eastern = ZoneInfo("America/New_York")
    before = TABLE.ceiling(2021, datetime(2021, 5, 2, tzinfo=eastern))
    after = TABLE.ceiling(2021, datetime(2021, 5, 3, tzinfo=eastern))
    assert before is not None and before.figures["total"] == 15_000
    assert after is not None and after.figures["total"] == 62_500
    assert after.figures["latin_america_caribbean"] == 5_000
    assert after.figures["unallocated_reserve"] == 12_500
    fy2022 = TABLE.ceiling(2022, datetime(2022, 1, 1, tzinfo=eastern))
    assert fy2022 is not None and fy2022.figures["total"] == 125_000
    assert TABLE.ceiling(2021, datetime(2020, 9, 1, tzinfo=eastern)) is None


def test_before_any_special_policy_only_title_8_applies() -> None:
    found = explain(TABLE, Facts.of(), noon(2018, 6, 1))
    assert found.outcome.authority == "title_8"
    assert found.outcome.pathways == ("title8_processing",)


def test_every_unverified_citation_is_marked_in_the_data() -> None:
    table: PolicyTable = TABLE
    unverified = {p.id for p in table.policies if p.unverified}
    assert "title42" in unverified  # the end time of day is marked as from news reports
    assert all(c.text for p in table.policies for c in p.citations)
