"""Framework versions: load the shipped content, publish, copy to a new version, export."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Dimension, Framework, Question


def framework_load_content(
    *,
    content: dict,
    framework_model=Framework,
    dimension_model=Dimension,
    question_model=Question,
    publish: bool = True,
):
    """Create a framework version from a content dict (see ``framework_content``).

    The model arguments let the data migration pass its historical models; a historical
    question model from before ``Question.reading`` existed gets no reading (the migration
    that adds the field fills it). Returns the existing version unchanged if it is already
    there.
    """
    existing = framework_model.objects.filter(
        slug=content["slug"], version=content["version"]
    ).first()
    if existing is not None:
        return existing
    framework = framework_model.objects.create(
        slug=content["slug"],
        version=content["version"],
        name=content["name"],
        description=content.get("description", ""),
        scale_min=content["scale_min"],
        scale_max=content["scale_max"],
        scale_labels=content["scale_labels"],
        min_group_size=content["min_group_size"],
        gap_flag=content["gap_flag"],
        green=content["green"],
        amber=content["amber"],
        published_at=timezone.now() if publish else None,
    )
    barrier_of = {b["question"]: b["key"] for b in content.get("barriers", [])}
    has_reading = any(f.name == "reading" for f in question_model._meta.get_fields())
    for d_order, d in enumerate(content["dimensions"], start=1):
        dimension = dimension_model.objects.create(
            framework=framework,
            key=d["key"],
            name=d["name"],
            description=d.get("description", ""),
            core=d["core"],
            order=d.get("order", d_order),
        )
        question_model.objects.bulk_create(
            question_model(
                framework=framework,
                dimension=dimension,
                code=q["code"],
                text=q["text"],
                help_text=q.get("help_text", ""),
                reverse=q["reverse"],
                barrier=barrier_of.get(q["code"], ""),
                order=q_order,
                **({"reading": q.get("reading", "")} if has_reading else {}),
            )
            for q_order, q in enumerate(d["questions"], start=1)
        )
    return framework


def shipped_content() -> dict:
    from assessments.framework_content import BARRIERS, PIP_HEALTH_CHECK

    return {**PIP_HEALTH_CHECK, "barriers": BARRIERS}


def _content_of(framework: Framework) -> dict:
    """A framework in the loadable content shape (the inverse of ``framework_load_content``)."""
    dimensions = framework.dimensions.order_by("order").prefetch_related("questions")
    return {
        "slug": framework.slug,
        "version": framework.version,
        "name": framework.name,
        "description": framework.description,
        "scale_min": framework.scale_min,
        "scale_max": framework.scale_max,
        "scale_labels": framework.scale_labels,
        "min_group_size": framework.min_group_size,
        "gap_flag": framework.gap_flag,
        "green": framework.green,
        "amber": framework.amber,
        "barriers": [
            {"key": q.barrier, "question": q.code} for q in framework.questions.exclude(barrier="")
        ],
        "dimensions": [
            {
                "key": d.key,
                "name": d.name,
                "description": d.description,
                "core": d.core,
                "order": d.order,
                "questions": [
                    {
                        "code": q.code,
                        "text": q.text,
                        "help_text": q.help_text,
                        "reverse": q.reverse,
                        "reading": q.reading,
                    }
                    for q in sorted(d.questions.all(), key=lambda q: (q.order, q.pk))
                ],
            }
            for d in dimensions
        ],
    }


@transaction.atomic
def framework_new_version(*, framework: Framework) -> Framework:
    """Copy a framework's questions into a new, unpublished version to edit.

    Published versions are never edited, so old responses keep their meaning.
    """
    latest = Framework.objects.select_for_update().filter(slug=framework.slug)
    next_version = max(f.version for f in latest) + 1
    content = {**_content_of(framework), "version": next_version}
    return framework_load_content(content=content, publish=False)


def framework_unreadable_questions(*, framework: Framework) -> list[str]:
    """Codes of the reverse-worded questions that have no reading in the scored direction."""
    rows = framework.questions.filter(reverse=True).order_by("dimension__order", "order", "pk")
    return [code for code, reading in rows.values_list("code", "reading") if not reading.strip()]


@transaction.atomic
def framework_publish(*, framework: Framework) -> Framework:
    """Publish a draft version. Refused with a ``ValidationError`` while a reverse-worded
    question has no reading: results would show it worded against its score."""
    if framework.published_at is not None:
        return framework
    missing = framework_unreadable_questions(framework=framework)
    if missing:
        raise ValidationError(
            _(
                "%(framework)s cannot be published: give each reverse-worded statement a "
                "reading in the scored direction first (%(codes)s)."
            )
            % {"framework": framework, "codes": ", ".join(missing)},
            code="reading_missing",
        )
    framework.published_at = timezone.now()
    framework.save(update_fields=["published_at"])
    return framework


def framework_export(*, framework: Framework) -> dict:
    """The framework as ``export_framework`` prints it."""
    content = _content_of(framework)
    return {
        "slug": content["slug"],
        "version": content["version"],
        "name": content["name"],
        "scale": {"min": content["scale_min"], "max": content["scale_max"]},
        "scale_labels": content["scale_labels"],
        "settings": {
            key: content[key] for key in ("min_group_size", "gap_flag", "green", "amber")
        },
        "dimensions": [
            {key: d[key] for key in ("key", "name", "core", "questions")}
            for d in content["dimensions"]
        ],
    }


def latest_published(slug: str) -> Framework | None:
    return (
        Framework.objects.filter(slug=slug, published_at__isnull=False)
        .order_by("-version")
        .first()
    )
