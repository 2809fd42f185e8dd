import json
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zhaoshang.core.amounts import format_wan
from zhaoshang.core.cli import DataCommand
from zhaoshang.ingest.documents import DocumentError, read_document
from zhaoshang.ingest.extract import Extraction, read_text
from zhaoshang.ingest.labels import garble_label, stage_label
from zhaoshang.stats.selectors import LABELS


class Command(DataCommand):
    help = (
        "读取新闻或报告(.txt/.html/.docx):清理乱码、拼音注音、繁体和网页杂项,找出候选项目、报道的指标和目标。"
        " / Read a news report or document: clean it, find candidate projects, reported figures "
        "and targets."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="文本文件 / a .txt, .html or .docx file")
        parser.add_argument(
            "--year",
            type=int,
            help="未写年份的日期所属年份(默认:发布日期的年份)/ the year of dates that give none",
        )
        parser.add_argument("--json", action="store_true", help="输出 JSON / print JSON")

    def handle(self, *args, file: str, year: int | None, json: bool, **options):
        if year is not None and not 1900 <= year <= 2100:
            raise CommandError(_("年份“%(year)s”无效。") % {"year": year})
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("无法读取文件“%(file)s”:%(error)s") % {"file": file, "error": exc.strerror}
            ) from exc
        try:
            text = read_document(content, path.name)
        except DocumentError as exc:
            raise CommandError(str(exc)) from exc
        extraction = read_text(text, year=year)
        if json:
            self.stdout.write(_dumps(extraction.as_json()))
        else:
            self._summary(extraction)

    def _summary(self, extraction: Extraction) -> None:
        write = self.stdout.write
        count = len(extraction.candidates)
        write(ngettext("候选项目 %(count)s 个", "候选项目 %(count)s 个", count) % {"count": count})
        for number, candidate in enumerate(extraction.candidates, 1):
            details = [stage_label(candidate.stage)]
            if candidate.amount_wan is not None:
                details.append(format_wan(candidate.amount_wan))
            details += candidate.companies
            if candidate.event:
                details.append(candidate.event)
            if candidate.date:
                details.append(candidate.date)
            write(f"  {number}. {candidate.name} · {' · '.join(details)}")
        count = len(extraction.reported_figures)
        write(
            ngettext("报道的指标 %(count)s 项", "报道的指标 %(count)s 项", count) % {"count": count}
        )
        for key, figure in extraction.reported_figures.items():
            write(f"  {LABELS[key]}: {_figure_text(figure)}")
        count = len(extraction.targets)
        write(ngettext("目标 %(count)s 项", "目标 %(count)s 项", count) % {"count": count})
        for target in extraction.targets:
            year = target.year if target.year is not None else "?"
            write(f"  {year} {LABELS[target.key]}: {_figure_text(target)}")
        garbled = extraction.clean.garbled
        if garbled:
            write(
                ngettext(
                    "乱码 %(count)s 处(未猜测修改,除非可确定还原)",
                    "乱码 %(count)s 处(未猜测修改,除非可确定还原)",
                    len(garbled),
                )
                % {"count": len(garbled)}
            )
            for segment in garbled:
                repaired = f" → {segment.repaired}" if segment.repaired else ""
                write(
                    "  "
                    + _("原文第 %(position)s 字:%(text)s%(repaired)s(%(reason)s)")
                    % {
                        "position": segment.original_start + 1,
                        "text": segment.original,
                        "repaired": repaired,
                        "reason": garble_label(segment.reason),
                    }
                )


def _figure_text(finding) -> str:
    parts = []
    if finding.count is not None:
        parts.append(
            ngettext("%(count)s 个项目", "%(count)s 个项目", finding.count)
            % {"count": finding.count}
        )
    if finding.amount_wan is not None:
        parts.append(format_wan(finding.amount_wan))
    return ", ".join(parts)


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
