"""`python -m energy` runs the command line."""

from energy.cli import entry

entry()
