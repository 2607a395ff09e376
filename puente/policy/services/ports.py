"""Where the policy use cases get their tables from; adapters implement it (a file, later SQL)."""

from __future__ import annotations

import abc

from puente.policy.domain.table import PolicyTable


class PolicyTableSource(abc.ABC):
    @abc.abstractmethod
    def load(self) -> PolicyTable:
        """The current policy table, validated."""
