"""Text limits (common.text_limits): every text field of every form shows its limit,
carries the counter's data, has no ``maxlength`` (a browser cuts pasted text silently at
it), and refuses over-long text with a message naming the field."""

import json

from django import forms
from django.utils import translation

from assessments import forms as assessment_forms
from assessments.models import Dimension, Question
from assessments.scoring import framework_parts
from common.text_limits import TextLimitValidator, text_limits_apply, too_long_message
from profiles import forms as profile_forms
from reports import forms as report_forms
from signin.forms import SignInForm


def _every_form(world):
    """One instance of each form class of the three apps and the sign-in form."""
    framework = world.round.framework
    dimension = Dimension.objects.filter(framework=framework).order_by("order").first()
    extra = {
        assessment_forms.DimensionPageForm: {
            "framework": framework,
            "questions": list(Question.objects.filter(dimension=dimension)),
            "dimension": dimension,
        },
        assessment_forms.StartForm: {"area": world.area_a},
        assessment_forms.ImportBatchDecisionForm: {"needs_reason": True},
        profile_forms.PlanActionForm: {"dimensions": framework_parts(framework)[0]},
        profile_forms.RecognitionForm: {"rounds": None},
        report_forms.ProgrammeFilterForm: {"rounds": []},
    }
    found = []
    for module in (assessment_forms, profile_forms, report_forms):
        for value in vars(module).values():
            is_form = isinstance(value, type) and issubclass(value, forms.BaseForm)
            if is_form and value.__module__ == module.__name__:
                found.append(value(**extra.get(value, {})))
    return [*found, SignInForm()]


def test_every_text_field_of_every_form_shows_and_enforces_its_limit(world):
    checked = []
    for form in _every_form(world):
        for name, field in form.fields.items():
            if not isinstance(field, forms.CharField):
                continue
            assert field.max_length or isinstance(field.widget, forms.PasswordInput), (
                f"{type(form).__name__}.{name} has no limit"
            )
            if not field.max_length:
                continue
            assert "maxlength" not in field.widget.attrs, f"{type(form).__name__}.{name}"
            assert [v for v in field.validators if isinstance(v, TextLimitValidator)]
            if field.widget.is_hidden:
                continue
            assert field.widget.attrs["data-character-limit"] == str(field.max_length)
            assert f"You can enter up to {field.max_length:,} characters" in str(field.help_text)
            checked.append(f"{type(form).__name__}.{name}")
    # The forms people type into: the comment, invitations, the hide note, the profile's
    # fields, the sign-in name.
    assert "DimensionPageForm.comment" in checked
    assert "InviteForm.emails" in checked
    assert "CommentHideForm.note" in checked
    assert "AgreementForm.purpose" in checked
    assert "SignInForm.username" in checked
    assert "RepublishForm.reason" in checked
    assert "ImportBatchDecisionForm.reason" in checked
    assert len(checked) >= 20


def test_the_message_names_the_field_the_limit_and_what_was_entered():
    assert too_long_message(name="Comment on History", limit=2000, count=2850) == (
        "Comment on History must be 2,000 characters or fewer; you entered 2,850"
    )


class _Form(forms.Form):
    notes = forms.CharField(label="Notes", max_length=10, widget=forms.Textarea)
    title = forms.CharField(label="Title", max_length=5, help_text="Short.")
    code = forms.CharField(max_length=3, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        text_limits_apply(self, names={"notes": "Your notes"})


def test_over_long_text_is_refused_and_what_fits_is_kept_whole():
    form = _Form(data={"notes": "n" * 11, "title": "t" * 5, "code": "abcd"})
    assert not form.is_valid()
    assert form.errors["notes"] == ["Your notes must be 10 characters or fewer; you entered 11"]
    assert form.errors["code"] == ["code must be 3 characters or fewer; you entered 4"]
    assert "title" not in form.errors
    assert form.cleaned_data["title"] == "t" * 5


def test_a_line_break_counts_as_one_character_as_the_browser_counts_it():
    form = _Form(data={"notes": "1234\r\n6789\r\n", "title": "t", "code": "a"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["notes"] == "1234\n6789"  # trailing space stripped, LF kept
    too_long = _Form(data={"notes": "12345\r\n7890\r\n1", "title": "t", "code": "a"})
    assert too_long.errors["notes"] == [
        "Your notes must be 10 characters or fewer; you entered 12"
    ]


def test_the_hint_is_rendered_with_the_field_and_described_by_it():
    form = _Form()
    html = str(form["notes"])
    assert "maxlength" not in html
    assert 'aria-describedby="id_notes_helptext"' in html
    title = form["title"]
    assert str(title.help_text) == (
        'Short. <span class="character-count__hint" id="id_title_limit">'
        "You can enter up to 5 characters</span>"
    )
    assert "data-character" not in str(form["code"])  # hidden: validated, no counter


def test_the_counter_gets_its_messages_in_the_page_language():
    with translation.override("en-gb"):
        messages = json.loads(_Form().fields["notes"].widget.attrs["data-character-count"])
    assert messages["under"]["one"] == "You have %(n)s character remaining"
    assert messages["under"]["other"] == "You have %(n)s characters remaining"
    assert messages["over"]["other"] == "%(n)s characters too many"


def test_a_read_only_field_gets_no_counter(world):
    framework = world.round.framework
    form = assessment_forms.DimensionPageForm(framework=framework, questions=[], read_only=True)
    assert "data-character-limit" not in form.fields["comment"].widget.attrs
