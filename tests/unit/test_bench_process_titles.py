"""The registration benchmark's CPU share: which PostgreSQL processes count for its database."""

from __future__ import annotations

import pytest

from bench.registration import title_serves

PADDING = "\0" * 40  # PostgreSQL pads a rewritten process title with NULs


@pytest.mark.parametrize(
    ("title", "counts"),
    [
        ("postgres: 15/main: postgres bench 127.0.0.1(45438) idle", True),
        ("postgres: 15/main: postgres other 127.0.0.1(45424) idle", False),
        ("postgres: 15/main: postgres bench [local] idle in transaction", True),
        ("postgres: 15/main: postgres other [local] idle", False),
        ("postgres: 15/main: autovacuum worker bench", True),
        ("postgres: 15/main: autovacuum worker other", False),
        ("postgres: 15/main: checkpointer ", True),
        ("postgres: 15/main: logical replication launcher ", True),
        ("/usr/lib/postgresql/15/bin/postgres\0-D\0/var/lib/postgresql/15/main\0", False),
    ],
)
def test_a_title_counts_for_its_own_database_and_shared_processes(title: str, counts: bool) -> None:
    assert title_serves(title + PADDING, "bench") is counts
