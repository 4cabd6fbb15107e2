"""Outputs that are the same bytes for the same inputs: a written .xlsx is a zip whose entries
carry the time of writing and whose properties carry created/modified stamps; both are set to
one fixed moment here, so identical tables give identical files."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
FIXED_STAMP = "2000-01-01T00:00:00Z"


def fix_xlsx(path: str | Path) -> None:
    """Rewrite a workbook in place with fixed entry times and document stamps."""
    path = Path(path)
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in sorted(entries, key=lambda e: e[0].filename):
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + FIXED_STAMP.encode() + rb"\g<3>",
                    data,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, data)
