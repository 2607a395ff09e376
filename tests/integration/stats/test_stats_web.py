"""Statistics API and pages through the real application factory."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from puente.settings import load_settings
from puente.web.app import create_app


@pytest.fixture(scope="module")
def client(imported_store: Path, tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    database = tmp_path_factory.mktemp("web") / "puente.db"
    settings = load_settings(analytics_path=imported_store, database_url=f"sqlite:///{database}")
    return TestClient(create_app(settings))


def test_encounters_api_reproduces_fy2021(client: TestClient) -> None:
    response = client.get(
        "/api/v1/stats/encounters",
        params={"by": "demographic", "region": "southwest", "fiscal_year": 2021},
    )
    assert response.status_code == 200
    body = response.json()
    figures = {row["demographic"]: row["encounters"] for row in body["rows"]}
    assert figures["Unaccompanied children"] == 146_925
    assert figures["Accompanied minors"] == 2_108
    assert body["columns"][0]["hxl"] == "#group+demographic"
    assert any("All CBP encounters" in note for note in body["notes"])


def test_csv_download_has_hxl_row(client: TestClient) -> None:
    response = client.get(
        "/api/v1/stats/encounters",
        params={"by": "month", "region": "southwest", "format": "csv"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[1][0] == "#date+month"
    assert ["2021-03", "173277"] in rows


def test_highest_since_api(client: TestClient) -> None:
    body = client.get(
        "/api/v1/stats/highest-since", params={"month": "2021-03", "region": "southwest"}
    ).json()
    assert [row["compared_with"] for row in body["rows"]] == [
        "cbp-encounters",
        "usbp-apprehensions",
    ]
    assert body["rows"][1]["last_higher_month"] == "2000-04"


def test_bad_input_is_a_problem_document(client: TestClient) -> None:
    response = client.get("/api/v1/stats/encounters", params={"by": "planet"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["field"] == "by"
    missing = client.get("/api/v1/stats/top-citizenships", params={"fiscal_year": 1990})
    assert missing.status_code == 404


def test_chart_endpoints_serve_svg_and_png(client: TestClient) -> None:
    svg = client.get("/api/v1/stats/charts/demographics.svg", params={"region": "southwest"})
    assert svg.status_code == 200
    assert svg.headers["content-type"] == "image/svg+xml"
    assert b"<svg" in svg.content
    png = client.get("/api/v1/stats/charts/refugees.png")
    assert png.content.startswith(b"\x89PNG")


def test_refugees_and_imports(client: TestClient) -> None:
    rows = client.get("/api/v1/stats/refugees", params={"by_region": True}).json()["rows"]
    assert {"fiscal_year": 2021, "region": "Africa", "ceiling": 22_000}.items() <= next(
        row for row in rows if row["fiscal_year"] == 2021 and row["region"] == "Africa"
    ).items()
    imports = client.get("/api/v1/stats/imports").json()
    assert {record["series"] for record in imports} >= {"cbp-encounters", "refugee-regions"}
    assert all(len(record["sha256"]) == 64 for record in imports)


def test_overview_page_in_spanish(client: TestClient) -> None:
    page = client.get("/stats", params={"lang": "es", "region": "southwest"})
    assert page.status_code == 200
    assert "Estadísticas de la frontera" in page.text
    assert "Región fronteriza terrestre" in page.text
    assert "/api/v1/stats/charts/monthly.svg?region=southwest" in page.text
    assert "<script" not in page.text


def test_table_page_from_plain_form(client: TestClient) -> None:
    page = client.get(
        "/stats/table",
        params={"by": "authority", "region": "southwest", "fiscal_year": "2021", "lang": "en",
                "demographic": "", "state": ""},
    )  # fmt: skip
    assert page.status_code == 200
    assert "1,063,526" in page.text
    assert "format=xlsx" in page.text


def test_pages_explain_a_missing_store(tmp_path: Path) -> None:
    settings = load_settings(
        analytics_path=tmp_path / "none.duckdb", database_url=f"sqlite:///{tmp_path}/p.db"
    )
    page = TestClient(create_app(settings)).get("/stats", params={"lang": "en"})
    assert page.status_code == 404
    assert "puente import stats-all" in page.text


def test_overview_states_highest_since_for_the_latest_month(client: TestClient) -> None:
    page = client.get("/stats", params={"lang": "en", "region": "southwest"})
    assert "Highest since: 2023-09" in page.text
    assert "usbp-apprehensions" in page.text


@pytest.mark.parametrize(("region", "status"), [("other", 200), ("coastal", 404), ("mars", 422)])
def test_overview_for_other_regions(client: TestClient, region: str, status: int) -> None:
    assert client.get("/stats", params={"lang": "en", "region": region}).status_code == status


def test_table_form_with_blank_and_wrong_fields_returns_pages(client: TestClient) -> None:
    blank = client.get(
        "/stats/table",
        params={"by": "fiscal_year", "region": "", "fiscal_year": "", "demographic": "",
                "authority": "", "state": "", "citizenship": "", "lang": "en"},
    )  # fmt: skip
    assert blank.status_code == 200
    assert "1,734,686" not in blank.text  # all regions, so larger than the southwest figure
    wrong = client.get("/stats/table", params={"fiscal_year": "last year", "lang": "en"})
    assert wrong.status_code == 422
    assert wrong.headers["content-type"].startswith("text/html")
