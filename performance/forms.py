"""Entry forms of the self-evaluation: what was understood is shown beside what was typed.

Validation itself lives on the models (`Project.clean`, `Indicator.clean`), so
every entry path refuses the same input with the same Chinese message. The
score inputs are overrides: they show blank while the formula decides, and a
typed score that differs from the suggestion needs a reason.
"""

from decimal import Decimal

from django import forms
from django.utils.html import format_html

from performance.amounts import AMOUNT_PLACES
from performance.models import (
    FUND_FIELDS,
    REPORT_SECTIONS,
    Indicator,
    Project,
    template_sections,
)
from performance.parsing import parse
from reporting.formatting import format_amount
from reporting.money import STORED_PLACES, AmountFormField


class ParsedTextInput(forms.TextInput):
    """A text input followed by what the platform reads in it ("识别为 ≥ 2 次")."""

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if not value:
            return html
        parsed = parse(str(value))
        # What is wrong is said once, in the field's error above the input.
        text, state = (
            (parsed.describe(), "ok") if parsed.recognised else ("无法识别", "error")
        )
        return format_html(
            '{}<div class="parse-feedback parse-feedback--{}">{}</div>',
            html,
            state,
            text,
        )


def blank_unless_overridden(form, score: str, suggested: str, reason: str) -> None:
    """Show a score the formula decided as blank, so editing a value re-runs the formula."""
    instance = form.instance
    if (
        instance.pk
        and not getattr(instance, reason).strip()
        and getattr(instance, suggested) is not None
    ):
        form.initial[score] = None


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "level1",
            "level2",
            "position",
            "name",
            "target_text",
            "actual_text",
            "direction",
            "weight",
            "score",
            "override_reason",
            "deviation_reason",
        ]
        widgets = {
            "name": forms.TextInput(attrs={"size": 18}),
            "target_text": ParsedTextInput(attrs={"size": 10}),
            "actual_text": ParsedTextInput(attrs={"size": 10}),
            "position": forms.NumberInput(attrs={"style": "width: 4em"}),
            "weight": forms.NumberInput(attrs={"style": "width: 5em"}),
            "score": forms.NumberInput(
                attrs={"style": "width: 5em", "placeholder": "按公式"}
            ),
            "override_reason": forms.Textarea(attrs={"rows": 2, "cols": 18}),
            "deviation_reason": forms.Textarea(attrs={"rows": 2, "cols": 24}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        blank_unless_overridden(self, "score", "suggested_score", "override_reason")


class ProjectAmountField(AmountFormField):
    """A project amount: up to four decimals, as printed tables give them (89.974 万元)."""

    places = AMOUNT_PLACES

    def prepare_value(self, value):
        # Shown as printed, never rounded: a stored 89.974000 is "89.974".
        if isinstance(value, Decimal):
            return format_amount(value, thousands=False, most_places=STORED_PLACES)
        return super().prepare_value(value)


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "report",
            "position",
            "name",
            "department",
            "implementer",
            *FUND_FIELDS,
            "execution_weight",
            "execution_score",
            "execution_override_reason",
            "expected_goals",
            "achieved_goals",
            *(name for name, _heading in REPORT_SECTIONS),
        ]
        field_classes = dict.fromkeys(FUND_FIELDS, ProjectAmountField)
        widgets = {
            "execution_score": forms.NumberInput(attrs={"placeholder": "按公式"}),
            "execution_override_reason": forms.Textarea(attrs={"rows": 2}),
            "expected_goals": forms.Textarea(attrs={"rows": 3}),
            "achieved_goals": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        blank_unless_overridden(
            self,
            "execution_score",
            "execution_suggested_score",
            "execution_override_reason",
        )
        # Sections the report's template does not have are not offered (a new
        # project's report is not known until it is chosen: all are shown).
        if self.instance.report_id is not None:
            for name in absent_sections(self.instance.report.template):
                self.fields.pop(name, None)
            if self.instance.is_budget and "expected_goals" in self.fields:
                self.fields["expected_goals"].label = "年度绩效目标"


def absent_sections(template) -> list[str]:
    """The evaluation report fields `template` has no section for."""
    present = {name for name, _heading in template_sections(template)}
    return [name for name, _heading in REPORT_SECTIONS if name not in present]
