"""Every request's explanation of a run as one table (what a run keeps and the CLI writes): apart
from ``explanations`` so that the self-service routes load no pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd

from puente.entry.domain.allocation import Allocation
from puente.entry.domain.batch import RequestBatch
from puente.entry.domain.explanations import OUTCOME_KEYS, rule_names
from puente.entry.domain.fairness import labelled


def explanation_table(batch: RequestBatch, allocation: Allocation) -> pd.DataFrame:
    """Every request's explanation as a row (columns as the fields of ``Explanation``)."""
    names = rule_names(allocation)
    placed = allocation.port >= 0
    k = np.where(placed, allocation.rule, len(names) - 1)
    columns = np.arange(len(batch))
    keys = [f"allocated.{n}" for n in names] + [OUTCOME_KEYS[o] for o in sorted(OUTCOME_KEYS)]
    key_index = np.where(placed, allocation.rule, len(names) + allocation.outcome - 1)
    # Categorical columns from integer codes: no string is built per request.
    table = pd.DataFrame(
        {
            "request_id": batch.request_ids,
            "day": allocation.day.isoformat(),
            "message_key": labelled(key_index, keys),
            "allocated": placed,
            "rule": labelled(k, names),
            "position": allocation.positions[k, columns],
            "candidates": allocation.candidates[k],
            "party_size": batch.party_size,
            "port": labelled(allocation.port, allocation.ports),  # -1 (not allocated) → NaN
            "choice": allocation.choice,
        }
    )
    for j, name in enumerate(names):
        table[f"position_{name}"] = allocation.positions[j]
    return table
