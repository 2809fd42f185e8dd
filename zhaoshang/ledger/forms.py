from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhaoshang.ledger.limits import file_too_big, megabytes
from zhaoshang.ledger.reader import SUFFIXES


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("台账文件"),
    )
    create_missing = forms.BooleanField(
        label=_("自动新建产业、园区和责任单位"),
        required=False,
        help_text=_("文件中有本开发区尚未登记的产业、园区或责任单位时自动新建(地区不会新建)。"),
    )

    def __init__(self, *args, may_create_missing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # Formatted per form, so it reads in the language of the request.
        self.fields["file"].help_text = _(
            "Excel(.xlsx、.xls)、WPS/LibreOffice(.ods)或 CSV 文件,不超过 %(size)s。"
        ) % {"size": megabytes(settings.LEDGER_MAX_FILE_BYTES)}
        if not may_create_missing:
            del self.fields["create_missing"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = PurePath(upload.name).suffix.lower()
        if suffix not in SUFFIXES:
            raise ValidationError(
                _("不支持“%(suffix)s”文件,请上传 %(allowed)s 文件。"),
                params={"suffix": suffix or upload.name, "allowed": "、".join(SUFFIXES)},
            )
        if upload.size > settings.LEDGER_MAX_FILE_BYTES:
            raise ValidationError(file_too_big(upload.size, settings.LEDGER_MAX_FILE_BYTES))
        if upload.size == 0:
            raise ValidationError(_("文件是空的。"))
        return upload
