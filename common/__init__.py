"""Helpers any app may use: text limits on forms, spreadsheet-safe cells, a request's
address for the security log. Imports no app of the portal (the layering test checks)."""
