"""The district roster (stations, contacts, dispatched staff) as spreadsheets."""

from .exporter import export_roster, roster_records
from .importer import PROGRESS_THRESHOLD, import_roster
from .readers import COLUMNS, EXTENSIONS, KINDS, RosterFileError, read_rows
from .result import Result

__all__ = [
    "COLUMNS",
    "EXTENSIONS",
    "KINDS",
    "PROGRESS_THRESHOLD",
    "Result",
    "RosterFileError",
    "export_roster",
    "import_roster",
    "read_rows",
    "roster_records",
]
