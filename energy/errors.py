"""User-facing errors: one base class the CLI turns into a message and a non-zero exit."""

from __future__ import annotations


class EnergyError(Exception):
    """An error caused by the user's inputs or options; its message is meant to be read."""


class InputError(EnergyError):
    """One or more problems found in an input workbook, CSV folder or scenario file."""

    def __init__(self, problems: list[str], source: str = ""):
        self.problems = list(problems)
        self.source = source
        head = f"{len(self.problems)} problem(s) in {source}:" if source else "Input problems:"
        super().__init__("\n".join([head, *(f"  - {p}" for p in self.problems)]))
