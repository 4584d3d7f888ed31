"""Forms of the evidence app: a file or a link (exactly one), and the reason for removing an attachment."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.core.validators import URLValidator
from django.template.defaultfilters import filesizeformat

from . import services


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        required=False,
        help_text=(
            "A PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, text or CSV file, smaller than 10 MB. "
            "Its name is kept; everyone who can see this record can download it."
        ),
    )
    url = forms.URLField(
        label="Link to the document",
        required=False,
        max_length=1000,
        assume_scheme="https",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "url"}),
        validators=[URLValidator(schemes=["http", "https"], message="Enter a link that starts with https://")],
        help_text="For example, a SharePoint address starting with https://",
        error_messages={"invalid": "Enter a link that starts with https://"},
    )
    title = forms.CharField(
        label="Title of the linked document",
        required=False,
        max_length=200,
        help_text="For example, Safeguarding training record for the year",
        error_messages={"max_length": "The title must be 200 characters or fewer"},
    )

    def __init__(self, *args, max_bytes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if max_bytes:  # the hint says the limit in force (EVIDENCE_MAX_BYTES)
            self.fields["file"].help_text = self.fields["file"].help_text.replace("10 MB", filesizeformat(max_bytes))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template has its own {% csrf_token %}
        self.helper.layout = Layout(
            Field("file"),
            Fieldset(
                Field.text("url"),
                Field.text("title"),
                legend="Or link to a document held elsewhere",
                legend_size=Size.MEDIUM,
            ),
            Button("submit", "Add evidence"),
        )

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded:  # too large, empty, a type not allowed, or contents that do not match the name
            services.check_upload(uploaded)
        return uploaded

    def clean(self):
        cleaned = super().clean()
        has_file = bool(cleaned.get("file"))
        has_url = bool(cleaned.get("url"))
        if self.errors:
            return cleaned
        if has_file and has_url:
            self.add_error("file", "Upload a file or enter a link, not both")
        elif not has_file and not has_url:
            self.add_error("file", "Choose a file to upload, or enter a link to a document held elsewhere")
        elif has_url and not cleaned.get("title", "").strip():
            self.add_error("title", "Enter a title for the linked document")
        return cleaned


class RemovalForm(forms.Form):
    reason = forms.CharField(
        label="Why are you removing it?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, uploaded to the wrong standard. The file is kept in the record; it is only hidden.",
        error_messages={"required": "Enter why you are removing this evidence"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template has its own {% csrf_token %}
        self.helper.layout = Layout(Field.textarea("reason"), Button.warning("submit", "Remove evidence"))
