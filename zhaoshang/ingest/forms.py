"""Forms of the news reader. They only read input: the file through the CLI's reader
(documents.read_document), amounts and dates as every other form does; the services decide."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhaoshang.core.forms import DateField
from zhaoshang.ingest.documents import SUFFIXES, DocumentError, read_document
from zhaoshang.ingest.models import MAX_TEXT_CHARS
from zhaoshang.projects.forms import AmountField, VersionedForm
from zhaoshang.projects.models import MILESTONES, AgreementType, Project


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


class IngestForm(forms.Form):
    """Paste a text or upload a file (.txt in UTF-8, GBK or Big5; .html; .docx)."""

    text = forms.CharField(
        label=gettext_lazy("粘贴文字"),
        required=False,
        max_length=MAX_TEXT_CHARS,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    file = forms.FileField(
        label=gettext_lazy("或上传文件"),
        required=False,
        help_text=gettext_lazy(".txt(UTF-8、GBK 或 Big5)、.html 或 .docx"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUFFIXES)}),
    )
    title = forms.CharField(label=gettext_lazy("标题(可不填)"), required=False, max_length=200)
    year = forms.IntegerField(
        label=gettext_lazy("年份(可不填)"),
        required=False,
        min_value=1990,
        max_value=2100,
        help_text=gettext_lazy("未写年份的日期所属年份;默认取发布日期的年份"),
    )

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), cleaned.get("text") or ""
        if upload and text.strip():
            raise ValidationError(_("请粘贴文字或上传文件,二者选其一。"))
        if upload:
            limit = settings.INGEST_MAX_FILE_BYTES
            if upload.size > limit:
                raise ValidationError(
                    _("文件过大(%(size)s),最大 %(limit)s。")
                    % {"size": megabytes(upload.size), "limit": megabytes(limit)}
                )
            try:
                text = read_document(upload.read(), upload.name)
            except DocumentError as exc:
                raise ValidationError(str(exc)) from exc
            if len(text) > MAX_TEXT_CHARS:
                raise ValidationError(
                    _("文件中的文字过长:%(length)s 个字符,最多 %(limit)s 个。")
                    % {"length": len(text), "limit": MAX_TEXT_CHARS}
                )
            if not cleaned.get("title"):
                cleaned["title"] = upload.name[:200]
        elif not text.strip():
            raise ValidationError(_("请粘贴文字或上传文件。"))
        cleaned["text"] = text
        return cleaned


class LeadForm(VersionedForm):
    name = forms.CharField(label=gettext_lazy("项目名称"), max_length=200)
    company_name = forms.CharField(label=gettext_lazy("投资方"), required=False, max_length=200)
    amount_wan = AmountField(label=gettext_lazy("总投资"), required=False)
    on = DateField(label=gettext_lazy("登记日期"), widget=forms.DateInput(attrs={"type": "date"}))


class MilestoneForm(VersionedForm):
    project = forms.ModelChoiceField(label=gettext_lazy("项目"), queryset=Project.objects.none())
    stage = forms.ChoiceField(
        label=gettext_lazy("节点"), choices=[(s.value, s.label) for s in MILESTONES]
    )
    on = DateField(label=gettext_lazy("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    agreement_type = forms.ChoiceField(
        label=gettext_lazy("协议类型(签约时)"),
        choices=[("", "—"), *AgreementType.choices],
        required=False,
    )

    def __init__(self, *args, projects, shown=None, **kwargs):
        """`projects` checks the choice; `shown`, the same projects already loaded, lists them
        without a query per form (the review page has one form per candidate)."""
        super().__init__(*args, **kwargs)
        field = self.fields["project"]
        field.queryset = projects
        if shown is not None:
            field.choices = [("", field.empty_label), *((p.pk, str(p)) for p in shown)]


class RejectForm(VersionedForm):
    reason = forms.CharField(label=gettext_lazy("说明(可不填)"), required=False, max_length=500)
