"""Input tables: read a workbook or CSV folder, check every rule, write tables back.

`load_inputs(path)` returns validated `Inputs`; `energy inputs validate` runs the same checks.
"""

from energy.inputs.tables import Inputs, content_hashes, load_inputs, validate_tables
from energy.inputs.workbook import export_inputs, store_calibration, write_template

__all__ = [
    "Inputs",
    "content_hashes",
    "export_inputs",
    "load_inputs",
    "store_calibration",
    "validate_tables",
    "write_template",
]
