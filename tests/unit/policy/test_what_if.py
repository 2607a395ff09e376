"""The what-if replay: past encounters under another policy table, as a diff of outcomes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from puente.policy.adapters.table_file import load_table
from puente.policy.domain.facts import Facts
from puente.policy.domain.rules import Outcome
from puente.policy.domain.what_if import Situation, what_if

TIJUANA = ZoneInfo("America/Tijuana")
EASTERN = ZoneInfo("America/New_York")
TABLE = load_table()
EARLY_END = datetime(2021, 6, 1, tzinfo=EASTERN)
EARLY = TABLE.ending("title42", EARLY_END, "title42-ends-2021-06-01")


def at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 12, tzinfo=TIJUANA)


def test_ending_title_42_early_changes_exactly_the_expected_encounters() -> None:
    situations = [
        Situation("adult-2019", at(2019, 12, 1), Facts.of()),
        Situation("adult-2020", at(2020, 6, 1), Facts.of()),
        Situation("adult-may-2021", at(2021, 5, 31), Facts.of()),
        Situation("adult-june-2021", at(2021, 6, 2), Facts.of()),
        Situation("family-2022", at(2022, 3, 1), Facts.of(family_unit=True)),
        Situation("child-2021", at(2021, 8, 1), Facts.of(unaccompanied_child=True)),
        Situation("adult-may-2023", at(2023, 5, 12), Facts.of()),
    ]
    report = what_if(situations, TABLE, EARLY)
    assert report.replayed == len(situations)
    assert [c.situation_id for c in report.changes] == ["adult-june-2021", "family-2022"]
    change = report.changes[0]
    assert change.before == Outcome("title_42", ("title42_expulsion",))
    assert change.after == Outcome("title_8", ("title8_processing",))
    assert report.authority_moves() == {("title_42", "title_8"): 2}
    assert (report.base_version, report.other_version) == (TABLE.version, EARLY.version)


situations = st.lists(
    st.builds(
        Situation,
        id=st.uuids().map(str),
        at=st.datetimes(
            min_value=datetime(2019, 1, 1), max_value=datetime(2024, 12, 31), timezones=st.just(UTC)
        ),
        facts=st.builds(
            lambda uac, family: Facts.of(unaccompanied_child=uac, family_unit=family),
            st.booleans(),
            st.booleans(),
        ),
    ),
    max_size=40,
)


@settings(max_examples=200)
@given(situations, st.integers(min_value=1, max_value=1140))
def test_an_earlier_end_changes_only_title_42_encounters_after_it(
    replayed: list[Situation], days_after_start: int
) -> None:
    end = datetime(2020, 3, 21, tzinfo=EASTERN) + timedelta(days=days_after_start)
    other = TABLE.ending("title42", end, "other")
    original_end = TABLE.get("title42").effective_until
    assert original_end is not None
    changed = {c.situation_id for c in what_if(replayed, TABLE, other).changes}
    expected = {
        s.id
        for s in replayed
        if end <= s.at < original_end
        and s.at >= TABLE.get("title42").effective_from
        and not (s.facts["unaccompanied_child"] and s.at >= datetime(2021, 1, 30, tzinfo=EASTERN))
    }
    assert changed == expected
    assert what_if(replayed, TABLE, TABLE).changes == ()
