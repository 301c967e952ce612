"""Text bound for a spreadsheet (CSV and XLSX downloads)."""

# Cells a spreadsheet would run as a formula (CSV injection); prefixed with a quote.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """``value``, with a text that a spreadsheet would read as a formula made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
