"""Forms of the budget: its lines and the quarterly monitoring figures, with money that is always Decimal.

Amounts are typed as people write them ("98,000", "£20,520.50", "-59,170"). Anything that is not a whole number of
pence, is £10 million or more, or has the wrong sign for its line is refused with a message that says how to fix it,
and nothing is saved.
"""

import re
from decimal import Decimal, InvalidOperation

from crispy_forms.layout import HTML
from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.utils.html import escape

from .models import Budget, CommitmentLine, IncomeLine, year_label
from .templatetags.budget_money import pounds as _pounds

MONEY_LIMIT = Decimal("10000000")
_MONEY_TEXT = re.compile(r"^-?\d+(\.\d+)?$")


def parse_money(text) -> Decimal:
    """'£-1,234.50' or '-£1,234.50' -> Decimal('-1234.50'); raises ValueError for anything else."""
    cleaned = str(text).strip().replace(",", "").replace("£", "").replace(" ", "")
    if not _MONEY_TEXT.match(cleaned):
        raise ValueError(text)
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(text) from exc


class MoneyField(forms.CharField):
    """An amount in pounds and pence. `sign` is "negative" (income), "positive" (spending) or None (either)."""

    def __init__(self, *, what: str, sign: str | None = None, **kwargs):
        self.what = what
        self.sign = sign
        kwargs.setdefault("error_messages", {"required": f"Enter {what}"})
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value:.2f}"
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        example = "-98,000" if self.sign == "negative" else "98,000"
        if len(value) > 40:  # nobody types an amount this long: refuse before parsing
            raise forms.ValidationError(f"Enter {self.what} as a number, like {example}", code="invalid")
        try:
            amount = parse_money(value)
        except ValueError:
            raise forms.ValidationError(f"Enter {self.what} as a number, like {example}", code="invalid") from None
        # Size first: quantizing an absurdly large number could overflow Decimal's precision.
        if abs(amount) >= MONEY_LIMIT:
            raise forms.ValidationError(f"Enter {self.what} of less than £10,000,000")
        if amount != amount.quantize(Decimal("0.01")):
            raise forms.ValidationError(f"Enter {self.what} in pounds and pence, with no more than 2 decimal places")
        amount = amount.quantize(Decimal("0.01"))
        if self.sign == "negative" and amount > 0:
            raise forms.ValidationError(
                f"Enter {self.what} as a negative amount, like {example}: the budget shows money coming in as minus"
            )
        if self.sign == "positive" and amount < 0:
            raise forms.ValidationError(
                f"Enter {self.what} as a positive amount, like {example}: only money coming in is shown as minus"
            )
        return amount


def _helper(layout):
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = layout
    return helper


class BudgetForm(forms.ModelForm):
    """The heading lines of the budget: its title and the balance brought forward."""

    balance_brought_forward = MoneyField(
        what="the balance brought forward",
        label="Balance brought forward, in pounds",
        help_text="Minus for money carried in (a surplus), for example -59,170; plus for a deficit carried in",
    )

    class Meta:
        model = Budget
        fields = ["title", "balance_description", "balance_brought_forward"]
        labels = {"title": "Title", "balance_description": "Balance line, as printed"}
        help_texts = {
            "title": "For example, BSCB Budget 2014-2015",
            "balance_description": "For example, Balance B/Fwd 2013/14",
        }
        error_messages = {
            "title": {"required": "Enter a title for the budget"},
            "balance_description": {"required": "Enter the balance line as printed, for example Balance B/Fwd 2013/14"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Layout(
                Field.text("title"),
                Field.text("balance_description"),
                Field.text("balance_brought_forward", field_width=10),
            )
        )


class IncomeLineForm(forms.ModelForm):
    """A partner contribution. The agency is optional: a line can name a contributor the board has not listed."""

    amount = MoneyField(
        what="the contribution",
        sign="negative",
        label="Contribution, in pounds",
        help_text="Money coming in is shown as minus, as the plan prints it: for example -12,500",
    )

    class Meta:
        model = IncomeLine
        fields = ["description", "agency", "amount", "order"]
        labels = {"description": "Contributor, as written", "agency": "Partner agency (optional)", "order": "Position"}
        help_texts = {
            "description": "For example, Metropolitan Police (London SCB)",
            "order": "Lines are listed in this order, smallest first",
        }
        error_messages = {
            "description": {"required": "Enter the contributor, as written in the budget"},
            "order": {"invalid": "Enter the position as a whole number, like 3", "required": "Enter the position"},
        }

    def __init__(self, *args, board, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget = budget
        self.fields["agency"].queryset = board.agencies.order_by("name")
        self.fields["agency"].empty_label = "None"
        self.helper = _helper(
            Layout(
                Field.text("description"),
                Field.select("agency"),
                Field.text("amount", field_width=10),
                Field.text("order", field_width=3),
            )
        )

    def clean_description(self):
        description = self.cleaned_data["description"].strip()
        others = self.budget.income_lines.exclude(pk=self.instance.pk)
        if others.filter(description=description).exists():
            raise forms.ValidationError("This budget already has a contribution with that name")
        return description


class CommitmentLineForm(forms.ModelForm):
    """A commitment: a post or an expense, with the plan's note (who, or how it is funded)."""

    amount = MoneyField(what="the amount", sign="positive", label="Amount, in pounds", help_text="For example, 20,520")

    class Meta:
        model = CommitmentLine
        fields = ["category", "description", "amount", "note", "order"]
        labels = {
            "category": "Category",
            "description": "Commitment, as written",
            "note": "Note (optional)",
            "order": "Position",
        }
        help_texts = {
            "description": "For example, 0.6 FTE Administrator",
            "note": "For example, Agency, or To be agreed",
            "order": "Lines are listed in this order within their category, smallest first",
        }
        widgets = {"category": forms.RadioSelect}
        error_messages = {
            "category": {"required": "Select whether this is a staffing cost or another expense"},
            "description": {"required": "Enter the commitment, as written in the budget"},
            "order": {"invalid": "Enter the position as a whole number, like 3", "required": "Enter the position"},
        }

    def __init__(self, *args, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget = budget
        self.fields["category"].choices = CommitmentLine.Category.choices
        self.helper = _helper(
            Layout(
                Field.radios("category", legend_size=Size.SMALL),
                Field.text("description"),
                Field.text("amount", field_width=10),
                Field.text("note"),
                Field.text("order", field_width=3),
            )
        )

    def clean_description(self):
        description = self.cleaned_data["description"].strip()
        others = self.budget.commitment_lines.exclude(pk=self.instance.pk)
        if others.filter(description=description).exists():
            raise forms.ValidationError("This budget already has a commitment with that description")
        return description


class NextYearForm(forms.Form):
    """Starting the next financial year's budget: whether its lines keep this year's amounts or start at £0."""

    CARRY, BLANK = "carry", "blank"

    amounts = forms.ChoiceField(widget=forms.RadioSelect)

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        source, new = proposal.source.year_label, proposal.year_label
        field = self.fields["amounts"]
        field.label = f"Amounts of the {new} lines"
        field.choices = [
            Choice(
                self.CARRY,
                f"Carried over from {source}",
                hint=f"Each line starts with its {source} amount: change the ones that differ",
            ),
            Choice(
                self.BLANK,
                "Left blank",
                hint="Each line starts at £0 (an amount cannot be empty, because the totals add the lines up): "
                "enter each one as partners confirm their figures",
            ),
        ]
        field.error_messages["required"] = f"Select whether to carry over the {source} amounts or leave them blank"
        self.helper = _helper(Layout(Field.radios("amounts", legend_size=Size.MEDIUM)))

    @property
    def carry_amounts(self) -> bool:
        return self.cleaned_data["amounts"] == self.CARRY


class MonitoringForm(forms.Form):
    """One quarter's figures: spend to date and forecast outturn per commitment, received to date per contribution.

    Fields are named by line id (`spent_<id>`, `forecast_<id>`, `received_<id>`) so that one form carries the whole
    return and is saved in one transaction.
    """

    def __init__(self, *args, position, **kwargs):
        super().__init__(*args, **kwargs)
        self.position = position
        fieldsets = [HTML('<h2 class="govuk-heading-m">Spending against commitments</h2>')]
        for row in position.commitment_rows:
            line = row.line
            self.fields[f"spent_{line.pk}"] = MoneyField(
                what=f"the spend to date on {line.description}",
                sign="positive",
                required=False,
                label="Spent to date",
                initial=row.spent_to_date,
            )
            self.fields[f"forecast_{line.pk}"] = MoneyField(
                what=f"the forecast outturn for {line.description}",
                sign="positive",
                required=False,
                label="Forecast outturn for the year",
                help_text="Leave blank to assume the budgeted amount",
                initial=row.forecast_outturn if row.forecast_recorded else None,
            )
            fieldsets.append(
                Fieldset(
                    Field.text(f"spent_{line.pk}", field_width=10),
                    Field.text(f"forecast_{line.pk}", field_width=10),
                    # crispy-forms-gds prints legends and labels with |safe: escape the stored description.
                    legend=escape(f"{line.description} (budget {_pounds(line.amount)})"),
                    legend_size=Size.SMALL,
                )
            )
        fieldsets.append(HTML('<h2 class="govuk-heading-m">Contributions received</h2>'))
        for row in position.contribution_rows:
            line = row.line
            self.fields[f"received_{line.pk}"] = MoneyField(
                what=f"the amount received from {line.description}",
                sign="negative",
                required=False,
                label=escape(f"{line.description}: received to date (expected {_pounds(line.amount)})"),
                help_text="Minus, as income is shown: for example -49,000",
                initial=row.received_to_date,
            )
            fieldsets.append(Field.text(f"received_{line.pk}", field_width=10))
        self.helper = _helper(Layout(*fieldsets))

    def clean(self):
        cleaned = super().clean()
        for row in self.position.commitment_rows:
            pk = row.line.pk
            spent, forecast = cleaned.get(f"spent_{pk}"), cleaned.get(f"forecast_{pk}")
            if spent is not None and forecast is not None and forecast < spent:
                self.add_error(
                    f"forecast_{pk}",
                    f"Enter a forecast outturn for {row.line.description} of at least "
                    f"the {_pounds(spent)} spent to date",
                )
        return cleaned

    def commitment_figures(self):
        """{line: (spent, forecast)} for every commitment with a figure; blanks are None."""
        return {
            row.line: (self.cleaned_data.get(f"spent_{row.line.pk}"), self.cleaned_data.get(f"forecast_{row.line.pk}"))
            for row in self.position.commitment_rows
        }

    def contribution_figures(self):
        return {row.line: self.cleaned_data.get(f"received_{row.line.pk}") for row in self.position.contribution_rows}


class FirstBudgetForm(BudgetForm):
    """A board's first budget (the plan's first year, or a later one): its heading lines, and whether to start a
    contribution line for each partner agency."""

    financial_year = forms.TypedChoiceField(
        label="Financial year",
        coerce=int,
        error_messages={"required": "Select the financial year", "invalid_choice": "Select a year of the plan"},
    )
    lines_for_agencies = forms.BooleanField(
        label="Start a contribution line for each partner agency, at £0",
        required=False,
        initial=True,
        help_text="You then enter each partner's contribution on the budget's page",
    )

    class Meta(BudgetForm.Meta):
        fields = ["title", "balance_description", "balance_brought_forward"]

    def __init__(self, *args, plan, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["financial_year"].choices = [(year, year_label(year)) for year in years]
        self.fields["balance_brought_forward"].initial = "0.00"
        self.helper = _helper(
            Layout(
                Field.select("financial_year"),
                Field.text("title"),
                Field.text("balance_description"),
                Field.text("balance_brought_forward", field_width=10),
                Field.checkbox("lines_for_agencies", small=True),
                Button("submit", "Start the budget"),
            )
        )
