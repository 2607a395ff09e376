"""The ``puente identity`` commands on files: link, then evaluate what was linked."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from puente.access.adapters.store.credential_store import SqlCredentialStore
from puente.identity.adapters.cli import app
from puente.identity.adapters.store.tables import identity_clusters
from puente.shared.db import utc_now
from tests.integration.identity.held_persons import insert_persons
from tests.integration.identity.identity_population import build_population
from tests.support.callers import organisation

runner = CliRunner()


def test_link_then_evaluate_round_trip(tmp_path: Path) -> None:
    records, truth = build_population(people=120, seed=5)
    records_path, truth_path = tmp_path / "records.csv", tmp_path / "truth.csv"
    records.to_csv(records_path, index=False)
    truth.to_csv(truth_path, index=False)
    linked, pairs = tmp_path / "linked.parquet", tmp_path / "pairs.csv"

    result = runner.invoke(
        app, ["link", str(records_path), "--output", str(linked), "--pairs", str(pairs)]
    )
    assert result.exit_code == 0, result.output
    output = pd.read_parquet(linked)
    assert list(output.columns) == [*records.columns, "cluster_id", "match_probability"]
    assert output["record_id"].tolist() == records["record_id"].tolist()
    assert "level_given_name" in pd.read_csv(pairs).columns

    result = runner.invoke(app, ["evaluate", str(linked), "--truth", str(truth_path)])
    assert result.exit_code == 0, result.output
    assert "ALL" in result.output


def test_link_refuses_input_without_the_required_columns(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    pd.DataFrame({"record_id": ["a"], "given_names": ["Ana"]}).to_csv(path, index=False)
    result = runner.invoke(app, ["link", str(path), "--output", str(tmp_path / "out.csv")])
    assert result.exit_code == 2
    assert "first_surname" in result.output


def test_run_db_links_the_persons_held_on_both_engines(
    database_url: str, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    holder = organisation("Holder for the CLI")
    with SqlCredentialStore(engine) as store:
        store.add_organisation(holder, utc_now())
        store.commit()
    records, _ = build_population(people=120, seed=5)
    insert_persons(engine, records, holder.id)
    monkeypatch.setenv("PUENTE_DATABASE_URL", database_url)
    result = runner.invoke(app, ["run-db"])
    assert result.exit_code == 0, result.output
    assert f"{len(records)} persons" in result.output
    with engine.connect() as connection:
        placed = connection.scalar(select(func.count()).select_from(identity_clusters))
    assert placed == len(records)
    again = runner.invoke(app, ["run-db"])  # every person now has a holder recorded
    assert again.exit_code == 0 and "0 placed or moved" in again.output
