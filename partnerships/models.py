"""Council areas, organisations, and people's roles in them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Nation(models.TextChoices):
    ENGLAND = "england", _("England")
    WALES = "wales", _("Wales")
    SCOTLAND = "scotland", _("Scotland")


class CouncilType(models.TextChoices):
    LONDON_BOROUGH = "london_borough", _("London borough")
    METROPOLITAN_DISTRICT = "metropolitan_district", _("Metropolitan district")
    DISTRICT = "district", _("District council")
    COUNTY = "county", _("County council")
    UNITARY = "unitary", _("Unitary authority")
    WELSH_PRINCIPAL = "welsh_principal", _("Welsh principal council")
    SCOTTISH = "scottish", _("Scottish council")


class Sector(models.TextChoices):
    COUNCIL = "council", _("Council")
    VCS = "vcs", _("Voluntary and community sector")
    OTHER = "other", _("Other public body")


class Role(models.TextChoices):
    RESPONDENT = "respondent", _("Respondent")
    COORDINATOR = "coordinator", _("Area coordinator")
    SPONSOR = "sponsor", _("Programme sponsor")


class CouncilArea(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    gss_code = models.CharField(
        _("ONS/GSS code"),
        max_length=9,
        unique=True,
        help_text=_("The nine-character ONS code, for example E09000031."),
    )
    region = models.CharField(_("region"), max_length=60)
    nation = models.CharField(_("nation"), max_length=10, choices=Nation)
    council_type = models.CharField(_("council type"), max_length=30, choices=CouncilType)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Part of the dashboards' cache key: a renamed or re-classified area shows at once.
    updated_at = models.DateTimeField(auto_now=True)
    # Goes up whenever anything of the area's profile is added, changed or removed
    # (``profiles.receivers`` call ``partnerships.services.area_profile_touch``): the area
    # dashboard's cache key, read with the area itself.
    profile_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("council area")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(gss_code__regex=r"^[ENSW][0-9]{8}$"),
                name="councilarea_gss_code_format",
            )
        ]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    area = models.ForeignKey(CouncilArea, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=10, choices=Sector)

    class Meta:
        ordering = ["area", "name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="organisation_unique_per_area")
        ]

    def __str__(self):
        return f"{self.name} ({self.get_sector_display()})"


class Membership(models.Model):
    """A person's role: in one area (respondent, coordinator) or programme-wide (sponsor)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role)
    area = models.ForeignKey(
        CouncilArea, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="memberships"
    )
    sector = models.CharField(_("sector"), max_length=10, choices=Sector, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "area", "role"], name="membership_unique_role_per_area"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(role="sponsor", area__isnull=True)
                    | (~models.Q(role="sponsor") & models.Q(area__isnull=False))
                ),
                name="membership_sponsor_is_programme_wide",
            ),
        ]

    def __str__(self):
        where = self.area or _("programme")
        return f"{self.user} – {self.get_role_display()} – {where}"
