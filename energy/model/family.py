"""The record of a constraint family: everything the project knows about it, in one place.

Each module in `energy.model.constraints` builds its Pyomo components (`add`) and declares
one `Family` per family it builds. The limits table, the infeasibility explanation, the
figures (through the run folder's `families.csv`) and the sweep read these records; nothing
else lists families.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

MILLION = 1e6
# a limit binds when its shadow price, in the family's own unit, is above this: smaller
# duals are solver noise (HiGHS's dual tolerance is 1e-7 million USD)
BINDING_TOLERANCE = 0.1


def _region_year(name: str, index) -> tuple[str, int, str]:
    return index[0], index[1], ""


@dataclass(frozen=True, eq=False)  # records compare and hash by identity
class Family:
    """One constraint family as a planner names it, and how the model and outputs treat it."""

    name: str  # as a planner says it ("large-load interconnection")
    components: tuple[str, ...]  # Pyomo constraint components that make it up
    plain: dict[str, str]  # component -> what it means when it cannot hold, in words
    inputs: tuple[str, ...]  # workbook "sheet.column" or scenario option a user edits to relax it
    limit: bool = False  # a limit reported in limits.csv (else bookkeeping or physics)
    reported: tuple[str, ...] | None = None  # components whose duals make the limit (None: all)
    unit: str = ""  # unit of the shadow price
    scale: float = 1.0  # undiscounted dual in USD per model unit -> `unit`
    # (component, index) -> (region or corridor "A>B" or "US", year, detail)
    key: Callable[[str, tuple], tuple[str, int, str]] = _region_year
    combine: str = "max"  # rows of one region and year: "max" or "sum" (corridor slices add up)
    per_slice: bool = False  # the dual is per time slice: divided by the slice's hours
    scarcity: bool = False  # binds only where its price reaches the unserved-load penalty
    lift: bool = False  # relaxed outright (a cap) rather than by a step, when measuring held-back
    # bounds the data-center connection capacity: the one limit that can still raise load served
    # in place where a region serves all its connections can carry (the held-back screen)
    connection: bool = False
    physics: bool = False  # what plants can do: costlier to stretch when explaining infeasibility
    rigid: tuple[str, ...] = ()  # definitions that never stretch when explaining infeasibility
    letter: str = ""  # on the limits map
    colour: str = ""  # in figures (Okabe-Ito, colour-blind safe)
    quantity: str = "MW"  # unit of a violation when explaining infeasibility

    @property
    def limit_components(self) -> tuple[str, ...]:
        return self.components if self.reported is None else self.reported

    @property
    def inputs_text(self) -> str:
        return ", ".join(self.inputs)

    def shadow_price(self, dual_musd: float, discount_weight: float, hours: float = 1.0) -> float:
        """Value of one more unit of the limit in that year, in `unit` (undiscounted)."""
        value = abs(dual_musd) * MILLION / discount_weight * self.scale
        return value / hours if self.per_slice else value

    def combined_price(self, prices, details) -> float:
        """One shadow price for a limit (one region or corridor and year) from its rows' prices:
        the most valuable row, or where rows add up (a corridor's slices and its firm imports)
        the most valuable sum over the rows of one detail."""
        if self.combine != "sum":
            return float(max(prices))
        totals: dict = {}
        for price, detail in zip(prices, details, strict=True):
            totals[detail] = totals.get(detail, 0.0) + float(price)
        return max(totals.values())

    def binds(self, shadow_price: float, scarcity_usd_per_mwh: float) -> bool:
        """The one definition of binding: a shadow price above noise in the family's unit; a
        family priced everywhere (energy) binds only where its price reaches scarcity."""
        if self.scarcity:
            return shadow_price >= scarcity_usd_per_mwh
        return shadow_price > BINDING_TOLERANCE
