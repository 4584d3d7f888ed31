"""Importing a plan from a spreadsheet into a new plan, for the board administrator. The spreadsheet layout is the
action plan download's (priorities/transfer/layout.py); the import rules are in onboarding/plan_import/."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fixed, Fluid, Layout
from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import get_for_board, require_board, role_required
from accounts.audit import record_event
from accounts.models import AuditEvent
from accounts.roles import Role, has_role
from bscb.exports import XLSX_CONTENT_TYPE
from plans.models import BusinessPlan
from priorities.transfer import COLUMNS

from . import plan_import as importer

RESULT_SESSION_KEY = "priorities_plan_import_result"


class PlanImportForm(forms.Form):
    """The spreadsheet and the new plan's details. The spreadsheet's rows are checked by onboarding/plan_import/."""

    file = forms.FileField(
        label="Action plan spreadsheet",
        help_text=(
            f"An Excel file (.xlsx) smaller than {importer.MAX_UPLOAD_MB} MB, in the layout of the action plan download"
        ),
        error_messages={"required": "Select an action plan spreadsheet", "empty": "The selected file is empty"},
    )
    title = forms.CharField(
        label="Plan title",
        max_length=200,
        help_text="For example, Business Plan 2016-2018",
        error_messages={"required": "Enter the plan title", "max_length": "Plan title must be 200 characters or fewer"},
    )
    slug = forms.SlugField(
        label="Short name for web addresses",
        max_length=50,
        help_text="Lower case letters, numbers and hyphens, for example 2016-2018",
        error_messages={
            "required": "Enter a short name for web addresses",
            "invalid": "Short name must only include lower case letters, numbers and hyphens",
            "max_length": "Short name must be 50 characters or fewer",
        },
    )
    period = forms.CharField(
        label="Period",
        max_length=20,
        help_text="As written on the plan, for example 2016-2018",
        error_messages={"required": "Enter the plan period", "max_length": "Period must be 20 characters or fewer"},
    )
    start_year = forms.IntegerField(
        label="Start year",
        min_value=2000,
        max_value=2099,
        help_text="The calendar year in which the plan's first financial year starts",
        error_messages={
            "required": "Enter the start year",
            "invalid": "Start year must be a year, for example 2016",
            "min_value": "Start year must be 2000 or later",
            "max_value": "Start year must be 2099 or earlier",
        },
    )
    end_year = forms.IntegerField(
        label="End year",
        min_value=2001,
        max_value=2100,
        error_messages={
            "required": "Enter the end year",
            "invalid": "End year must be a year, for example 2018",
            "min_value": "End year must be 2001 or later",
            "max_value": "End year must be 2100 or earlier",
        },
    )
    dated = forms.CharField(
        label="Date printed on the plan (optional)",
        max_length=40,
        required=False,
        help_text="For example, June 2016",
        error_messages={"max_length": "Date printed on the plan must be 40 characters or fewer"},
    )
    make_current = forms.BooleanField(
        label="Make this the plan everyone sees first",
        required=False,
        help_text="Leave unticked to check the imported plan before it replaces the current one",
    )

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.board = board
        self.fields["file"].widget.attrs["accept"] = ".xlsx," + XLSX_CONTENT_TYPE
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field("file"),
            Field.text("title", field_width=Fluid.TWO_THIRDS),
            Field.text("slug", field_width=Fixed.TWENTY),
            Field.text("period", field_width=Fixed.TEN),
            Field.text("start_year", field_width=Fixed.FOUR),
            Field.text("end_year", field_width=Fixed.FOUR),
            Field.text("dated", field_width=Fixed.TEN),
            Field.checkbox("make_current", small=True),
            Button("submit", "Check and import"),
        )

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if BusinessPlan.objects.filter(board=self.board, slug=slug).exists():
            raise forms.ValidationError("Your board already has a plan with this short name: choose another")
        return slug

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            importer.check_workbook_file(upload)
        except importer.ImportRejected as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end <= start:
            self.add_error("end_year", "End year must be after the start year")
        return cleaned


@require_http_methods(["GET", "POST"])
@role_required(Role.BOARD_ADMIN)
def plan_import(request):
    """Check the whole spreadsheet first; import it into a new plan only when every row is valid."""
    board = require_board(request)
    form = PlanImportForm(request.POST or None, request.FILES or None, board=board)
    read = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            read = importer.read_action_plan(data["file"], period=(data["start_year"], data["end_year"]))
        except importer.ImportRejected as exc:
            form.add_error("file", str(exc))
        else:
            if read.error_count:
                problems = "1 problem" if read.error_count == 1 else f"{read.error_count:,} problems"
                form.add_error(
                    "file",
                    f"The spreadsheet has {problems}: nothing has been imported. Fix the rows listed below and "
                    "upload it again",
                )
            else:
                result = importer.plan_import(
                    board=board,
                    user=request.user,
                    rows=read.rows,
                    title=data["title"],
                    slug=data["slug"],
                    period=data["period"],
                    start_year=data["start_year"],
                    end_year=data["end_year"],
                    dated=data["dated"],
                    make_current=data["make_current"],
                    source_name=data["file"].name,
                )
                record_event(
                    kind=AuditEvent.Kind.IMPORT,
                    request=request,
                    board=board,
                    detail=f"Imported plan {result.plan.title} (plan {result.plan.pk}; {result.priorities} priorities, "
                    f"{result.objectives} objectives, {result.actions} actions, {len(result.new_leads)} new leads) "
                    f"from {data['file'].name}"[:1000],
                )
                request.session[RESULT_SESSION_KEY] = {
                    "plan": result.plan.pk,
                    "file": data["file"].name,
                    "new_leads": result.new_leads,
                    "statuses_not_imported": result.statuses_not_imported,
                    "needs_review": result.needs_review,
                }
                return redirect("onboarding:plan_import_done", pk=result.plan.pk)
    return render(
        request,
        "onboarding/plan_import.html",
        {
            "form": form,
            "row_errors": read.errors if read else [],
            "more_errors": read.more_errors if read else 0,
            "max_actions": importer.MAX_ACTIONS,
            "max_upload_mb": importer.MAX_UPLOAD_MB,
            "columns": COLUMNS,
        },
    )


@require_GET
def plan_import_done(request, pk):
    """What an import created: counts per priority from the database, and the notes kept from the import itself."""
    # The plan first, the role second: another board's plan is a 404 whatever the role, a wrong role here a 403.
    plan = get_for_board(BusinessPlan.objects.all(), require_board(request), "board", pk=pk)
    if not has_role(request.user, Role.BOARD_ADMIN):
        raise PermissionDenied("Your role does not allow this.")
    result = request.session.get(RESULT_SESSION_KEY)
    if not result or result.get("plan") != plan.pk:
        result = None
    priorities = importer.plan_counts(plan)
    return render(
        request,
        "onboarding/plan_import_done.html",
        {
            "plan": plan,
            "priorities": priorities,
            "total_actions": sum(priority.action_count for priority in priorities),
            "result": result,
        },
    )
