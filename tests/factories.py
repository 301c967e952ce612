"""factory_boy factories for the domain. Tests build what they need; no JSON dumps."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from assessments.frameworks import framework_load_content, latest_published, shipped_content
from assessments.models import Answer, AreaRound, AreaRoundStatus, Response, Round
from partnerships.models import CouncilArea, Membership, Organisation, Role, Sector

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    password = factory.django.Password(PASSWORD)


class CouncilAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilArea
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Area {n}")
    slug = factory.Sequence(lambda n: f"area-{n}")
    gss_code = factory.Sequence(lambda n: f"E07{n:06d}")
    region = "North West"
    nation = "england"
    council_type = "district"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    area = factory.SubFactory(CouncilAreaFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    sector = Sector.COUNCIL


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.RESPONDENT
    area = factory.SubFactory(CouncilAreaFactory)
    sector = Sector.COUNCIL


def default_framework():
    # Live-server tests flush every table, the data migration's framework included.
    return latest_published("pip-health-check") or framework_load_content(
        content=shipped_content()
    )


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"round-{n}")
    name = factory.Sequence(lambda n: f"Round {n}")
    framework = factory.LazyFunction(default_framework)
    opens = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    closes = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=20))


class AreaRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaRound
        django_get_or_create = ["area", "round"]

    area = factory.SubFactory(CouncilAreaFactory)
    round = factory.SubFactory(RoundFactory)
    opens = factory.SelfAttribute("round.opens")
    closes = factory.SelfAttribute("round.closes")
    status = AreaRoundStatus.OPEN


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    area_round = factory.SubFactory(AreaRoundFactory)
    respondent_ref = factory.Sequence(lambda n: f"R{n:05d}")
    sector = Sector.COUNCIL
    status = "draft"


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    response = factory.SubFactory(ResponseFactory)
    value = 3


DONT_KNOW = "dont_know"


def submitted_response(
    *, area_round, sector=Sector.COUNCIL, answers=None, default=None, comments=None, **extra
):
    """A submitted response with answers, for scoring tests.

    ``answers`` maps question codes to a value, ``None`` (left blank) or ``DONT_KNOW``;
    every other question of the round's framework gets ``default`` (``None``: no answer row).
    ``comments`` maps dimension keys to comment text.
    """
    from assessments.models import Comment, Dimension, Question, ResponseStatus

    answers = answers or {}
    response = ResponseFactory(
        area_round=area_round,
        sector=sector,
        status=ResponseStatus.SUBMITTED,
        submitted_at=timezone.now(),
        **extra,
    )
    rows = []
    for question in Question.objects.filter(framework=area_round.round.framework):
        value = answers.get(question.code, default)
        if question.code not in answers and default is None:
            continue
        dont_know = value == DONT_KNOW
        rows.append(
            Answer(
                response=response,
                question=question,
                value=None if dont_know else value,
                dont_know=dont_know,
            )
        )
    Answer.objects.bulk_create(rows)
    for key, text in (comments or {}).items():
        dimension = Dimension.objects.get(framework=area_round.round.framework, key=key)
        Comment.objects.create(response=response, dimension=dimension, text=text)
    return response


def publish_results(area_round, *, by=None):
    """Close an area round and publish its results as a coordinator would, with its figures
    computed (the publication's own refresh runs on commit, which tests do not reach)."""
    from assessments.models import AreaRoundStatus
    from assessments.scoring import scores_refresh
    from assessments.services.rounds import area_round_publish

    AreaRound.objects.filter(pk=area_round.pk).update(status=AreaRoundStatus.CLOSED)
    area_round.refresh_from_db()
    area_round_publish(area_round=area_round, by=by)
    scores_refresh(area_round=area_round)
    area_round.refresh_from_db()
    return area_round
