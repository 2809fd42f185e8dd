"""What the reader's codes are called in the interface."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhaoshang.ingest import garbled, stages

STAGE_LABELS = {
    stages.NEGOTIATING: gettext_lazy("洽谈"),
    stages.SIGNED: gettext_lazy("签约"),
    stages.TO_START: gettext_lazy("即将开工"),
    stages.STARTED: gettext_lazy("开工"),
    stages.COMPLETED: gettext_lazy("竣工投产"),
}
GARBLE_LABELS = {
    garbled.UTF8_AS_LATIN1: gettext_lazy("UTF-8 文字被当作 Latin-1 读出,已还原"),
    garbled.UTF8_AS_GBK: gettext_lazy("UTF-8 文字被当作 GBK 读出,已还原"),
    garbled.DAMAGED: gettext_lazy("字节错位或缺失,无法确定原文"),
}


def stage_label(stage: str) -> str:
    return str(STAGE_LABELS.get(stage, stage))


def garble_label(reason: str) -> str:
    return str(GARBLE_LABELS.get(reason, _("无法识别的文字")))
