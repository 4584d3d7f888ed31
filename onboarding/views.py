"""Importing a plan from a spreadsheet into a new plan, for the board administrator. The spreadsheet layout is the
action plan download's (priorities/transfer/layout.py); the import rules are in onboarding/plan_import/.

The request only checks the file itself and the plan's details, then queues the import (onboarding/tasks.py): reading
and importing a large workbook takes longer than a request may. The job's page says where it stands."""

import datetime

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fixed, Fluid, Layout
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import get_for_board, require_board, role_required
from accounts.models import Invitation, Membership
from accounts.roles import Role, has_role
from bscb.exports import XLSX_CONTENT_TYPE, xlsx_response
from budget.models import Budget
from plans.models import BusinessPlan, Lead, Quarter
from priorities.transfer import COLUMNS

from . import plan_import as importer
from .models import PlanImportJob
from .plan_import.template import TEMPLATE_FILENAME, plan_template_workbook
from .preview_forms import LeadDecisionsForm
from .progress import progress_text
from .services import (
    PENDING_FOR_AT_MOST,
    cancel_plan_import,
    confirm_plan_import,
    queue_plan_import,
    slug_being_imported,
)

# The job's page asks again this often while the import waits or runs.
REFRESH_SECONDS = 3
# After this long the page says that the import is taking longer than usual (a worker may have stopped).
SLOW_AFTER = datetime.timedelta(minutes=5)
RECENT_JOBS = 10
PLAN_FIELDS = ("title", "slug", "period", "start_year", "end_year", "dated", "make_current")


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
        # A board's first plan is the one everyone sees: there is nothing to check it against, and leaving it
        # unticked would leave the board with no plan at all. The question is only asked once there is a choice.
        self.first_plan = not BusinessPlan.objects.filter(board=board, is_current=True).exists()
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
            *([] if self.first_plan else [Field.checkbox("make_current", small=True)]),
            Button("submit", "Check and import"),
        )

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if BusinessPlan.objects.filter(board=self.board, slug=slug).exists():
            raise forms.ValidationError("Your board already has a plan with this short name: choose another")
        if slug_being_imported(self.board, slug):
            raise forms.ValidationError(
                "Your board is already importing a plan with this short name: wait for it to finish or choose another"
            )
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
        if self.first_plan:
            cleaned["make_current"] = True
        return cleaned


@require_http_methods(["GET", "POST"])
@role_required(Role.BOARD_ADMIN)
def plan_import(request):
    """Check the file and the plan's details, then queue the import and show its page; and the recent imports."""
    board = require_board(request)
    form = PlanImportForm(request.POST or None, request.FILES or None, board=board)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        job = queue_plan_import(
            board=board,
            user=request.user,
            upload=data["file"],
            client_address=request.META.get("REMOTE_ADDR"),
            **{name: data[name] for name in PLAN_FIELDS},
        )
        return redirect("onboarding:plan_import_job", pk=job.pk)
    recent = (
        PlanImportJob.objects.filter(board=board)
        .defer("file_bytes", "summary", "errors")
        .select_related("created_by")[:RECENT_JOBS]
    )
    return render(
        request,
        "onboarding/plan_import.html",
        {
            "form": form,
            "recent_jobs": recent,
            "max_actions": importer.MAX_ACTIONS,
            "max_upload_mb": importer.MAX_UPLOAD_MB,
            "columns": COLUMNS,
            "first_plan": form.first_plan,
        },
    )


def _job_for_admin(request, pk):
    # The job first, the role second: another board's job is a 404 whatever the role, a wrong role here a 403.
    job = get_for_board(
        PlanImportJob.objects.defer("file_bytes").select_related("plan", "created_by"),
        require_board(request),
        "board",
        pk=pk,
    )
    if not has_role(request.user, Role.BOARD_ADMIN):
        raise PermissionDenied("Your role does not allow this.")
    return job


@require_GET
@role_required()
def plan_import_job(request, pk):
    """Where an import stands: waiting or being checked (the page asks again every few seconds, without a script);
    checked, with what it would create and the decisions to make on the new leads before confirming; or its result:
    what it created, or every problem found in the spreadsheet, by sheet, row and column.

    The page asks again with a `Refresh` header, which browsers follow as they do `<meta http-equiv="refresh">`. Not
    the meta element: axe reports a timed meta refresh as a critical failure (WCAG 2.2.1, timing adjustable). The page
    says that it checks by itself and offers to stop (`?refresh=off`), which is what 2.2.1 asks."""
    job = _job_for_admin(request, pk)
    return _job_page(request, job)


def _job_page(request, job, decisions_form=None):
    refresh = job.working and request.GET.get("refresh") != "off"
    priorities = importer.plan_counts(job.plan) if job.status == job.Status.SUCCEEDED and job.plan else []
    if job.status == job.Status.PREVIEW and decisions_form is None:
        decisions_form = LeadDecisionsForm(board=job.board, new_leads=job.preview.get("new_leads", []))
    response = render(
        request,
        "onboarding/plan_import_job.html",
        {
            "job": job,
            "priorities": priorities,
            "refresh": refresh,
            "refresh_seconds": REFRESH_SECONDS,
            "slow": job.working and timezone.now() - job.created_at > SLOW_AFTER,
            "upload_again_after": job.created_at + PENDING_FOR_AT_MOST,
            "decisions_form": decisions_form,
            "progress": progress_text(job.pk) if job.status == job.Status.RUNNING else "",
        },
    )
    if refresh:
        response["Refresh"] = str(REFRESH_SECONDS)
    add_never_cache_headers(response)
    return response


@require_POST
@role_required()
def plan_import_confirm(request, pk):
    """The administrator's decisions on the new leads, and the go-ahead: the worker imports the plan."""
    job = _job_for_admin(request, pk)
    if job.status != job.Status.PREVIEW:
        messages.error(request, "This import is not waiting for your confirmation any more")
        return redirect("onboarding:plan_import_job", pk=job.pk)
    form = LeadDecisionsForm(request.POST, board=job.board, new_leads=job.preview.get("new_leads", []))
    if not form.is_valid():
        return _job_page(request, job, decisions_form=form)
    confirm_plan_import(job=job, lead_decisions=form.decisions())
    return redirect("onboarding:plan_import_job", pk=job.pk)


@require_POST
@role_required()
def plan_import_cancel(request, pk):
    job = _job_for_admin(request, pk)
    if cancel_plan_import(job=job):
        messages.success(request, f"The import of {job.file_name} is cancelled: nothing was imported")
        return redirect("onboarding:plan_import")
    messages.error(request, "This import is not waiting for your confirmation any more")
    return redirect("onboarding:plan_import_job", pk=job.pk)


@require_GET
@role_required(Role.BOARD_ADMIN)
def plan_setup(request):
    """Set-up: the board administrator's checklist from an empty board to a working quarter, each step with where it
    stands (read from the board's data, so it is never out of date) and a link to the page that does it."""
    board = require_board(request)
    plan = BusinessPlan.objects.filter(board=board, is_current=True).order_by("-pk").first()
    latest_job = PlanImportJob.objects.filter(board=board).defer("file_bytes", "summary", "errors").first()
    quarters = list(Quarter.objects.filter(plan=plan)) if plan else []
    open_quarter = next((quarter for quarter in quarters if quarter.is_open), None)
    return render(
        request,
        "onboarding/plan_setup.html",
        {
            "board": board,
            "plan": plan,
            "latest_job": latest_job,
            "quarter_count": len(quarters),
            "open_quarter": open_quarter,
            # Leads the import added: their description says so (onboarding/plan_import/writer.py).
            "leads_to_check": Lead.objects.filter(board=board, description__startswith="Added by the import").count(),
            "people": Membership.objects.filter(board=board, is_active=True, user__is_active=True).count(),
            "invitations_waiting": Invitation.objects.waiting().filter(board=board).count(),
            "has_budget": plan is not None and Budget.objects.filter(plan=plan).exists(),
            "max_upload_mb": importer.MAX_UPLOAD_MB,
        },
    )


@require_GET
@role_required(Role.BOARD_ADMIN)
def plan_template(request) -> HttpResponse:
    """The blank plan template (onboarding/plan_import/template.py): an instructions sheet with an example row, and
    the "All actions" sheet the import reads."""
    return xlsx_response(TEMPLATE_FILENAME, plan_template_workbook())
