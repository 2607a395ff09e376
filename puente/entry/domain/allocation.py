"""One day's allocation: fill every port's capacity in persons, rule by rule, from open requests.

A party goes whole to its first preferred port with room (then any port it accepts) or is passed
over; the rules and their order are in docs/entry.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from functools import cached_property

import numpy as np

from puente.entry.domain.batch import I64, U64, BoolArray, RequestBatch
from puente.entry.domain.lottery import draw_keys
from puente.entry.domain.policy import AllocationPolicy, Rule, RuleKind
from puente.shared.errors import InvalidInput


class Outcome(IntEnum):
    ALLOCATED = 0
    CAPACITY_REACHED = 1  # the chosen ports were full before this request's turn
    PARTY_TOO_LARGE = 2  # places were left, but fewer than the whole party
    NO_CAPACITY = 3  # every chosen port was closed or had no capacity that day


@dataclass(frozen=True)
class Allocation:
    """Who got which port, under which rule and at which position, and why not for the rest."""

    day: date
    ports: tuple[str, ...]
    capacity: I64
    policy: AllocationPolicy
    seed: bytes
    port: I64  # per request: port index, -1 when not allocated
    rule: I64  # per request: index of the rule that placed it, -1 when not allocated
    choice: I64  # per request: 1-based rank of the preference used, 0 for another port
    positions: I64  # (rules × requests): 1-based place in each rule's order, 0 = not considered
    outcome: I64
    order: I64  # allocated requests in the order they were placed

    @cached_property
    def candidates(self) -> I64:
        """How many requests each rule considered."""
        counts: I64 = (self.positions > 0).sum(axis=1)
        return counts

    @property
    def allocated(self) -> BoolArray:
        return self.port >= 0

    def persons_by_port(self, party_size: I64) -> I64:
        placed = self.allocated
        return np.bincount(
            self.port[placed], weights=party_size[placed], minlength=len(self.ports)
        ).astype(np.int64)

    def persons_by_rule(self, party_size: I64) -> I64:
        placed = self.allocated
        return np.bincount(
            self.rule[placed], weights=party_size[placed], minlength=len(self.policy.rules)
        ).astype(np.int64)


def allocate(
    batch: RequestBatch,
    ports: Sequence[str],
    capacity: Sequence[int],
    day: date,
    policy: AllocationPolicy,
    seed: bytes,
) -> Allocation:
    if len(ports) != len(capacity) or any(c < 0 for c in capacity):
        raise InvalidInput.single("capacity", "one capacity of zero or more persons per port")
    n, n_rules = len(batch), len(policy.rules)
    cap = np.asarray(capacity, dtype=np.int64)
    free = [int(c) for c in cap]
    port = np.full(n, -1, dtype=np.int64)
    rule_of = np.full(n, -1, dtype=np.int64)
    choice = np.zeros(n, dtype=np.int64)
    positions = np.zeros((n_rules, n), dtype=np.int64)
    placed_order: list[int] = []
    orders = _orders(batch, policy, seed)
    for k, rule in enumerate(policy.rules):
        last = k == n_rules - 1
        quotas = [rule.quota(int(c)) for c in cap]
        budget = free.copy() if last else [min(f, q) for f, q in zip(free, quotas, strict=True)]
        order = _rule_order(batch, rule, port < 0, orders)
        positions[k, order] = np.arange(1, len(order) + 1)
        placed = np.array(_fill(batch, order, budget, len(ports)), dtype=np.int64).reshape(-1, 3)
        at, to = placed[:, 0], placed[:, 1]
        port[at], rule_of[at], choice[at] = to, k, placed[:, 2]
        used = np.bincount(to, weights=batch.party_size[at], minlength=len(ports))
        free = [f - int(u) for f, u in zip(free, used, strict=True)]
        placed_order.extend(at.tolist())
    return Allocation(
        day=day,
        ports=tuple(ports),
        capacity=cap,
        policy=policy,
        seed=seed,
        port=port,
        rule=rule_of,
        choice=choice,
        positions=positions,
        outcome=_outcomes(batch, port, cap, np.asarray(free, dtype=np.int64)),
        order=np.asarray(placed_order, dtype=np.int64),
    )


@dataclass(frozen=True)
class _Orders:
    """Every request in waiting order and in draw order; a rule filters these, it never sorts."""

    waiting: I64
    draw: I64 | None


def _orders(batch: RequestBatch, policy: AllocationPolicy, seed: bytes) -> _Orders:
    registered = batch.registered.astype(np.int64)
    waiting = _unique_key_order(_waiting_key(registered, batch.tickets))
    if waiting is None:
        waiting = np.lexsort((batch.tickets, registered))
    draw = None
    if any(r.kind is RuleKind.LOTTERY for r in policy.rules):
        # Equal draw keys need equal tickets (a SHA-256 prefix collision): those keep file order.
        keys = draw_keys(batch.tickets, seed)
        draw = _unique_key_order(keys)
        if draw is None:
            draw = np.argsort(keys, kind="stable")
    return _Orders(waiting=waiting, draw=draw)


def _waiting_key(registered: I64, tickets: U64) -> U64 | None:
    """Registration second and the ticket's top bits in one word, when the seconds fit in 31 bits.

    Sorting one word is several times faster than a two-key sort; ``_unique_key_order`` checks
    that the top bits really broke every tie.
    """
    if not len(registered):
        return None
    span = registered - registered.min()
    if int(span.max()) >= 2**31:
        return None
    key: U64 = (span.astype(np.uint64) << np.uint64(33)) | (tickets >> np.uint64(31))
    return key


def _unique_key_order(keys: U64 | None) -> I64 | None:
    if keys is None:
        return None
    order = np.argsort(keys)
    ranked = keys[order]
    return None if bool((ranked[1:] == ranked[:-1]).any()) else order


def _rule_order(batch: RequestBatch, rule: Rule, unplaced: BoolArray, orders: _Orders) -> I64:
    """The candidates of ``rule`` among the unplaced requests, in the rule's order."""
    eligible = unplaced.copy()
    if rule.kind is RuleKind.MOVED_BY_CLOSURE:
        eligible &= batch.moved
    elif rule.kind is RuleKind.VULNERABILITY:
        eligible &= batch.level >= int(rule.min_level)
    elif rule.kind is RuleKind.PRIORITY_GROUP:
        codes = [i for i, label in enumerate(batch.group_labels) if label in rule.groups]
        eligible &= np.isin(batch.group, codes)
    base = (
        orders.draw if rule.kind is RuleKind.LOTTERY and orders.draw is not None else orders.waiting
    )
    candidates = base[eligible[base]]
    if rule.kind is RuleKind.VULNERABILITY:
        # Most vulnerable first; within a level the waiting order stands (a stable sort).
        candidates = candidates[np.argsort(-batch.level[candidates], kind="stable")]
    return candidates


_CHUNK = 4096  # requests converted from arrays to Python values at a time


def _route(row: list[int], accepts_other: bool, n_ports: int) -> list[tuple[int, int]]:
    """The ports a request may go to, in order, each with its preference rank (0: not named)."""
    named = [p for p in row if p >= 0]
    route = [(p, rank) for rank, p in enumerate(named, start=1)]
    if accepts_other:
        route += [(p, 0) for p in range(n_ports) if p not in named]
    return route


def _fill(
    batch: RequestBatch, order: I64, budget: list[int], n_ports: int
) -> list[tuple[int, int, int]]:
    """Place parties in ``order`` while anything can still fit; (request, port, rank) each."""
    if not len(order):
        return []
    sizes = batch.party_size[order]
    # The smallest party still to come: once no port has that much room, nobody else fits.
    smallest_after = np.minimum.accumulate(sizes[::-1])[::-1]
    routes: dict[tuple[int, ...], list[tuple[int, int]]] = {}
    top = max(budget, default=0)
    placed: list[tuple[int, int, int]] = []
    for start in range(0, len(order), _CHUNK):
        if top < smallest_after[start]:
            break
        chunk = order[start : start + _CHUNK]
        columns = zip(
            chunk.tolist(),
            sizes[start : start + _CHUNK].tolist(),
            smallest_after[start : start + _CHUNK].tolist(),
            batch.prefs[chunk].tolist(),
            batch.accepts_other[chunk].tolist(),
            strict=True,
        )
        for i, size, least, row, accepts_other in columns:
            if top < least:
                break  # the next chunk's check stops the outer loop too
            if size > top:
                continue
            key = (*row, accepts_other)
            route = routes.get(key)
            if route is None:
                route = routes[key] = _route(row, accepts_other, n_ports)
            for p, rank in route:
                if budget[p] >= size:
                    budget[p] -= size
                    placed.append((i, p, rank))
                    top = max(budget)
                    break
    return placed


def _outcomes(batch: RequestBatch, port: I64, cap: I64, free: I64) -> I64:
    """Allocated, or why not: no capacity at all, a party too large for what was left, or full."""
    n = len(port)
    cap_pref = np.zeros(n, dtype=np.int64)
    free_pref = np.zeros(n, dtype=np.int64)
    for column in batch.prefs.T:
        named = column >= 0
        cap_pref = np.maximum(cap_pref, np.where(named, cap[column], 0))
        free_pref = np.maximum(free_pref, np.where(named, free[column], 0))
    any_cap = np.where(batch.accepts_other, int(cap.max(initial=0)), cap_pref)
    any_free = np.where(batch.accepts_other, int(free.max(initial=0)), free_pref)
    outcome = np.full(n, Outcome.CAPACITY_REACHED, dtype=np.int64)
    outcome[any_free > 0] = Outcome.PARTY_TOO_LARGE
    outcome[any_cap == 0] = Outcome.NO_CAPACITY
    outcome[port >= 0] = Outcome.ALLOCATED
    return outcome
