"""The retention run on both engines: the dry run changes nothing, apply does what it listed,
holds are respected, anonymisation keeps what statistics count, and a second run is a no-op."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any
from uuid import UUID, uuid4

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from puente.access.adapters.store.key_store import SqlPersonKeyStore
from puente.access.adapters.store.subject_store import SqlSubjectStore
from puente.access.adapters.store.tables import audit_pending, retention_log
from puente.access.domain.decisions import Principal
from puente.access.domain.envelope import Keyring
from puente.access.domain.retention import RetentionAction, RetentionRule
from puente.access.domain.roles import Organisation, OrganisationKind, Role
from puente.access.domain.sharing import ConsentChannel, Purpose
from puente.access.domain.subject_rights import Objection
from puente.access.services.person_keys import data_key_for
from puente.access.services.retention_run import Applied, apply_report, review_now
from puente.cli import app as cli_app
from puente.registry.adapters.store import tables as registry
from puente.registry.adapters.store.unit_of_work import SqlRegistryUnitOfWork
from puente.registry.services.registration import register
from puente.retention import retention_uow
from puente.shared.errors import Forbidden, InvalidInput
from puente.shared.schema import all_tables
from tests.support.callers import consent, make_caller, organisation, stored_organisation
from tests.unit.registry.factories import member, register_command

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
YEAR = timedelta(days=365)
KEYRING = Keyring({1: os.urandom(32)}, 1, os.urandom(32))
RULES = [
    RetentionRule("person", 5 * YEAR, RetentionAction.ANONYMISE, "no contact for five years"),
    RetentionRule("objection", timedelta(days=30), RetentionAction.ANONYMISE, "objected"),
]
DELETING = [RetentionRule("person", 5 * YEAR, RetentionAction.DELETE, "no contact, delete")]


def _admin(engine: Engine) -> Principal:
    return Principal(
        uuid4(), stored_organisation(engine, "Puente operations"), frozenset({Role.SYSTEM_ADMIN})
    )


def _register(engine: Engine, owner: UUID, at: datetime, *members: dict[str, Any]) -> list[UUID]:
    command = register_command(list(members) or None, family_label="Familia Cruz")
    group = register(partial(SqlRegistryUnitOfWork, engine, KEYRING), command, at, owner).group
    return [p.id for p in group.persons]


@pytest.fixture
def people(engine: Engine) -> dict[str, UUID]:
    """Old, recent, held, objecting, and objecting-then-consenting people, and an old family."""
    owner = stored_organisation(engine).id
    old = _register(engine, owner, NOW - 6 * YEAR)[0]
    family = _register(
        engine,
        owner,
        NOW - 7 * YEAR,
        member(relationship="head"),
        member(given_names="Lupe", birth_date="2016-03", relationship="child"),
    )
    held = _register(engine, owner, NOW - 8 * YEAR)[0]
    objector, changed_mind = (_register(engine, owner, NOW - YEAR)[0] for _ in range(2))
    recent, recent_child = _register(
        engine,
        owner,
        NOW - YEAR,
        member(relationship="head"),
        member(given_names="Ana", birth_date="2015", relationship="child"),
    )
    with engine.begin() as connection:
        store = SqlSubjectStore(connection)
        store.place_hold(held, "appeal pending", NOW, "tests")
        for person in (objector, changed_mind):
            store.add_objection(
                Objection(
                    uuid4(),
                    person,
                    None,
                    "no",
                    NOW - 40 * timedelta(days=1),
                    ConsentChannel.WRITTEN,
                    "tests",
                )
            )
    consent(engine, changed_mind, Purpose.CASE_PROCESSING, NOW - timedelta(days=2))
    with SqlPersonKeyStore(engine) as keys:
        data_key_for(keys, KEYRING, old)
        keys.commit()
    return {
        "old": old,
        "head": family[0],
        "child": family[1],
        "held": held,
        "objector": objector,
        "changed_mind": changed_mind,
        "recent": recent,
        "recent_child": recent_child,
    }


def _snapshot(engine: Engine) -> dict[str, set[tuple[Any, ...]]]:
    with engine.connect() as connection:
        return {
            t.name: {tuple(map(str, row)) for row in connection.execute(select(t))}
            for t in all_tables().sorted_tables
        }


def _review(engine: Engine, admin: Principal, rules: list[RetentionRule] = RULES) -> Any:
    return review_now(retention_uow(engine), admin, rules, NOW)


def test_dry_run_changes_nothing_and_lists_what_is_due(
    engine: Engine, people: dict[str, UUID]
) -> None:
    admin = _admin(engine)
    before = _snapshot(engine)
    report = _review(engine, admin)
    assert _snapshot(engine) == before
    assert report.actions() == {
        people[k]: RetentionAction.ANONYMISE for k in ("old", "head", "child", "objector")
    }
    assert report.held == 1
    assert report.counts() == {
        ("person", RetentionAction.ANONYMISE): 3,
        ("objection", RetentionAction.ANONYMISE): 1,
    }


def test_apply_does_what_the_review_said_then_nothing(
    engine: Engine, people: dict[str, UUID]
) -> None:
    admin = _admin(engine)
    report = _review(engine, admin)
    untouched = {k: people[k] for k in ("held", "changed_mind", "recent")}
    before = _snapshot(engine)
    done = apply_report(retention_uow(engine), admin, RULES, report, "tests", NOW, batch=2)
    assert done == Applied(4, 0)
    with engine.connect() as connection:
        logged = {r.person_id: r.action for r in connection.execute(select(retention_log))}
        assert logged == report.actions()
        persons = {r.id: r for r in connection.execute(select(registry.persons))}
        phones = {r.person_id for r in connection.execute(select(registry.person_phones))}
        nationalities = {
            r.person_id for r in connection.execute(select(registry.person_nationalities))
        }
        labels = {r.label for r in connection.execute(select(registry.family_groups))}
        audited = [r.event for r in connection.execute(select(audit_pending))]
    child = persons[people["child"]]
    assert (child.given_names, child.first_surname, child.name_as_written) == ("", "", "")
    assert (child.birth_year, child.birth_month, child.birth_precision) == (2016, None, "year")
    assert people["old"] not in phones and people["old"] in nationalities
    assert persons[people["held"]].given_names == "María José"
    assert all(u in phones for u in untouched.values())
    assert labels == {"", "Familia Cruz"}  # the old family's label is blanked, the recent one kept
    with SqlPersonKeyStore(engine) as keys:
        assert keys.get(people["old"]) is None
    assert sorted(len(e["record_ids"]) for e in audited) == [2, 2]
    assert {e["action"] for e in audited} == {"retention anonymise"}
    assert {r for r in before["registrations"]} == _snapshot(engine)["registrations"]

    after = _snapshot(engine)
    assert _review(engine, admin).due == ()
    again = apply_report(retention_uow(engine), admin, RULES, _review(engine, admin), "tests", NOW)
    assert again == Applied(0, 0)
    assert _snapshot(engine) == after


def test_delete_removes_the_people_and_what_only_they_filled(
    engine: Engine, people: dict[str, UUID]
) -> None:
    admin = _admin(engine)
    report = _review(engine, admin, DELETING)
    assert set(report.actions()) == {people["old"], people["head"], people["child"]}
    apply_report(retention_uow(engine), admin, DELETING, report, "tests", NOW)
    with engine.connect() as connection:
        remaining = set(connection.scalars(select(registry.persons.c.id)))
        registrations = list(connection.scalars(select(registry.registrations.c.registered_at)))
        families = set(connection.scalars(select(registry.family_groups.c.id)))
        used = set(connection.scalars(select(registry.family_members.c.family_id)))
    kept = ("held", "objector", "changed_mind", "recent", "recent_child")
    assert remaining == {people[k] for k in kept}
    assert len(registrations) == 4 and min(registrations) == NOW - 8 * YEAR  # the held one
    assert families == used  # no family left without members
    assert _review(engine, admin, DELETING).due == ()


def test_only_a_retention_role_runs_it_and_rules_name_known_types(
    engine: Engine, people: dict[str, UUID]
) -> None:
    registrar = Principal(
        uuid4(), stored_organisation(engine, "ACNUR Reynosa"), frozenset({Role.REGISTRAR})
    )
    with pytest.raises(Forbidden):
        _review(engine, registrar)
    unknown = [RetentionRule("hearing", YEAR, RetentionAction.DELETE, "x")]
    with pytest.raises(InvalidInput):
        _review(engine, _admin(engine), unknown)


def test_cli_reviews_refuses_without_yes_then_applies(
    engine: Engine, people: dict[str, UUID], database_url: str, tmp_path: Any
) -> None:
    admin = make_caller(engine, organisation("Sistema Puente"), Role.SYSTEM_ADMIN)
    runner = CliRunner(
        env={"COLUMNS": "200", "PUENTE_DATABASE_URL": database_url, "PUENTE_API_TOKEN": admin.token}
    )
    rules = tmp_path / "rules.json"
    rules.write_text(
        '{"rules": [{"record_type": "person", "keep_for_days": 1826, '
        '"action": "anonymise", "reason": "five years"}]}'
    )
    before = _snapshot(engine)
    reviewed = runner.invoke(cli_app, ["retention", "review", "--rules", str(rules)])
    assert reviewed.exit_code == 0, reviewed.output
    assert "3 people would be changed" in reviewed.output and "1 past their time" in reviewed.output
    refused = runner.invoke(cli_app, ["retention", "apply", "--rules", str(rules)])
    assert refused.exit_code == 2 and _snapshot(engine) == before
    applied = runner.invoke(cli_app, ["retention", "apply", "--yes", "--rules", str(rules)])
    assert applied.exit_code == 0, applied.output
    assert "3 anonymised, 0 deleted" in applied.output
    again = runner.invoke(cli_app, ["retention", "apply", "--yes", "--rules", str(rules)])
    assert "0 anonymised, 0 deleted" in again.output
    no_token = CliRunner(env={"PUENTE_DATABASE_URL": database_url, "PUENTE_API_TOKEN": ""})
    assert no_token.invoke(cli_app, ["retention", "review"]).exit_code == 2


def test_a_legal_hold_from_the_cli_keeps_a_person_out_until_released(
    engine: Engine, people: dict[str, UUID], database_url: str
) -> None:
    with engine.connect() as connection:
        owner_id = connection.scalar(
            select(registry.persons.c.owner_id).where(registry.persons.c.id == people["old"])
        )
    holding = Organisation(owner_id, "ACNUR Tijuana", OrganisationKind.UN_AGENCY, "MX")
    holder = make_caller(engine, holding, Role.CASEWORKER)
    outsider = make_caller(engine, organisation("Otro albergue"), Role.CASEWORKER)
    env = {"COLUMNS": "200", "PUENTE_DATABASE_URL": database_url}
    person = str(people["old"])
    hold = ["retention", "hold", person, "--reason", "appeal pending"]
    refused = CliRunner(env={**env, "PUENTE_API_TOKEN": outsider.token}).invoke(cli_app, hold)
    assert refused.exit_code == 2
    runner = CliRunner(env={**env, "PUENTE_API_TOKEN": holder.token})
    placed = runner.invoke(cli_app, hold)
    assert placed.exit_code == 0 and "legal hold placed" in placed.output
    admin = _admin(engine)
    report = _review(engine, admin)
    assert people["old"] not in report.actions() and report.held == 2
    released = runner.invoke(cli_app, ["retention", "release", person])
    assert "legal hold lifted" in released.output
    assert people["old"] in _review(engine, admin).actions()
