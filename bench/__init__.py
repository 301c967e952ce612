"""The performance benchmark (``manage.py bench``): a synthetic programme and its measurements.

``build`` makes the programme with ``bulk_create``; ``measure`` drives the real views and
services against it; ``workers`` runs report batches on real Celery workers. Everything the
benchmark creates is named with the ``bench-`` prefix, so it can tell its own data apart.
"""
