"""Create or update council areas from a CSV file, all or nothing."""

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from partnerships.models import CouncilArea

AREA_COLUMNS = ["name", "slug", "gss_code", "region", "nation", "council_type"]


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self):
        return f"line {self.line}: {self.message}"


class AreaImportError(Exception):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


@dataclass(frozen=True)
class AreaImportResult:
    created: int
    updated: int


def _validation_message(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def areas_import(*, text: str) -> AreaImportResult:
    """Validate every row first; write only if all are good. Raises AreaImportError."""
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or [f.strip() for f in reader.fieldnames] != AREA_COLUMNS:
        raise AreaImportError(
            [RowError(1, f"the header must be exactly: {','.join(AREA_COLUMNS)}")]
        )
    errors: list[RowError] = []
    pending: list[CouncilArea] = []
    seen: dict[str, int] = {}
    existing = {area.slug: area for area in CouncilArea.objects.all()}
    for row in reader:
        line = reader.line_num
        values = {key: (row.get(key) or "").strip() for key in AREA_COLUMNS}
        if None in row:
            errors.append(RowError(line, "too many columns"))
            continue
        slug = values["slug"]
        if slug in seen:
            errors.append(RowError(line, f"slug {slug!r} already given on line {seen[slug]}"))
            continue
        seen[slug] = line
        area = existing.get(slug) or CouncilArea()
        for key, value in values.items():
            setattr(area, key, value)
        try:
            area.full_clean(validate_unique=False)
        except ValidationError as error:
            errors.append(RowError(line, _validation_message(error)))
            continue
        pending.append(area)
    if not pending and not errors:
        errors.append(RowError(2, "the file has no rows"))
    _check_unique_within_file(pending, seen, errors)
    if errors:
        raise AreaImportError(errors)
    created = sum(1 for area in pending if area.pk is None)
    with transaction.atomic():
        for area in pending:
            area.save()
    return AreaImportResult(created=created, updated=len(pending) - created)


def _check_unique_within_file(pending, seen, errors):
    """Names and GSS codes must stay unique across the file and the database."""
    for field in ("name", "gss_code"):
        owners = dict(
            CouncilArea.objects.filter(
                **{f"{field}__in": [getattr(a, field) for a in pending]}
            ).values_list(field, "slug")
        )
        first_in_file: dict[str, str] = {}
        for area in pending:
            value = getattr(area, field)
            owner = owners.get(value)
            other_in_file = first_in_file.setdefault(value, area.slug)
            if owner is not None and owner != area.slug and owner not in seen:
                errors.append(
                    RowError(seen[area.slug], f"{field} {value!r} belongs to area {owner!r}")
                )
            elif other_in_file != area.slug:
                repeated = seen[other_in_file]
                errors.append(
                    RowError(seen[area.slug], f"{field} {value!r} repeats line {repeated}")
                )
