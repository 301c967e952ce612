"""The reports' pages, one module a section: ``dashboards`` (programme and area),
``report_pages`` (PDF report status, request and download) and ``exports`` (scores as CSV
and XLSX). Every figure they show comes through ``reports.presenters``."""
