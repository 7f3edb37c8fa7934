"""The upload form: a tracker file, and who owns it when the file does not say."""

from pathlib import Path
from typing import Unpack

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from improvement_tracker.core.forms import FormData, FormFiles, FormOptions
from improvement_tracker.documents.importers import READERS
from improvement_tracker.documents.importers.limits import import_limits, megabytes

KINDS = "a Word document (.docx), an Excel workbook (.xlsx), a CSV file (.csv) or text (.txt)"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Tracker file",
        error_messages={"required": "Select a tracker file", "empty": "The selected file is empty"},
    )
    replace = forms.BooleanField(
        label="If this plan is already here, archive that copy and import this one",
        required=False,
    )

    def __init__(
        self,
        data: FormData = None,
        files: FormFiles = None,
        *,
        organisation: str,
        **options: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **options)
        self.fields["file"].help_text = (
            f"{KINDS[0].upper()}{KINDS[1:]}, up to {megabytes(import_limits().file_bytes)}. "
            f"The plan will belong to {organisation}."
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field("file"),
            Field.checkbox("replace", small=True),
            Button("submit", "Upload and preview"),
        )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in READERS:
            raise forms.ValidationError(f"The selected file must be {KINDS}")
        largest = import_limits().file_bytes
        if upload.size > largest:
            raise forms.ValidationError(
                f"The selected file must be smaller than {megabytes(largest)}"
            )
        return upload
