"""The dashboard: the zone's figures for a period with last year's and the year's targets beside
them, and its charts. It composes the figures engine (stats) and the targets, above both."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhaoshang.chains import selectors as chain_selectors
from zhaoshang.core.amounts import change_percent
from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.followup import selectors as followup
from zhaoshang.org import permissions
from zhaoshang.org.selectors import zone_or_404
from zhaoshang.stats import selectors
from zhaoshang.stats.forms import PeriodForm, shortcuts
from zhaoshang.stats.selectors import KEYS, LABELS, WORK_KEYS
from zhaoshang.targets.selectors import year_progress

# The report's five figures lead, in the order of its sentence; the others follow.
CHART_CARDS = [
    {
        "id": "funnel",
        "title": _("项目推进漏斗(截止日)"),
        "width": "col-lg-4",
        "empty": _("暂无项目。新建项目或导入台账后,这里显示截止日各阶段的项目数。"),
    },
    {
        "id": "trend",
        "title": _("月度签约、开工与到位资金(本年与上年)"),
        "width": "col-lg-8",
        "empty": _(
            "本年和上年都没有签约、开工或到位资金。在项目页登记签约、开工节点或到位资金后,"
            "这里按月显示。"
        ),
    },
    {
        "id": "industry",
        "title": _("分产业新签约项目"),
        "width": "col-lg-4",
        "empty": _("本期没有新签约项目。项目登记签约节点后,这里按产业显示项目数和投资额。"),
    },
    {
        "id": "park",
        "title": _("分园区新签约项目"),
        "width": "col-lg-4",
        "empty": _("本期没有新签约项目。项目登记签约节点后,这里按园区显示项目数和投资额。"),
    },
    {
        "id": "unit",
        "title": _("责任单位新签约排名"),
        "width": "col-lg-4",
        "empty": _("本期没有新签约项目。项目登记签约节点后,这里按责任单位排名。"),
    },
    {
        "id": "province",
        "title": _("新签约项目投资方来源地"),
        "width": "col-lg-12",
        "empty": _(
            "本期没有可按来源地显示的新签约项目。给签约项目填写投资方所在地后,"
            "这里在地图上显示来源地。"
        ),
    },
]
# The breakdowns the charts draw, each of the signings alone: the cards show the headline.
CHART_BREAKDOWNS = ("industry", "park", "unit", "province")
CHART_LABELS = {
    "count": _("项目数"),
    "reached": _("到达该阶段及以后"),
    "at_stage": _("处于该阶段"),
    "amount_yi": _("投资额(亿元)"),
    "name": _("名称"),
    "stage": _("阶段"),
    "month": _("月份"),
    "signed": _("签约项目"),
    "started": _("开工项目"),
    "funds": _("到位资金(万元)"),
    "this_year": _("本年"),
    "last_year": _("上年"),
    "month_suffix": _("月"),
    "no_data": _("暂无数据"),
}
HEADLINE = ["signed_major", "negotiating_major", "under_construction_major", "started", "completed"]
OTHERS = [key for key in KEYS if key not in HEADLINE] + WORK_KEYS
# The team's work opens its own lists (events, trips), not a list of projects.
WORK_LISTS = {"events_held": "fieldwork-events", "trips": "fieldwork-trips"}
# Funds compare by amount, as the briefing does (docs/counting-rules.md): what arrived this year
# against last year's, not how many projects it came to.
BY_AMOUNT = {"funds_arrived"}


def change_of(key: str, now, before: selectors.Counts):
    if key in BY_AMOUNT:
        return change_percent(now.amount_wan or 0, before.funds_amount_wan)
    return change_percent(now.count, before.counts[key])


def dashboard(request):
    zone = zone_or_404(request)
    today = shanghai_today()
    form = PeriodForm(request.GET, today=today)
    period_from, as_of = form.period()
    figures = selectors.cached_figures(
        zone=zone,
        as_of=as_of,
        period_from=period_from,
        codes=False,
        breakdowns=CHART_BREAKDOWNS,
        row_keys=("signed",),
    )
    # The cards compare counts, and funds by amount: last year's amounts are not read.
    last_year = selectors.cached_counts(
        zone=zone,
        as_of=selectors.year_before(as_of),
        period_from=selectors.year_before(period_from),
    )
    progress = year_progress(zone=zone, as_of=as_of, figures=figures, units=False, cached=True)
    targets = {row.metric: row for row in progress.rows} if progress else {}
    cards = [
        {
            "key": key,
            "label": LABELS[key],
            "figure": figures[key],
            "by_amount": key in BY_AMOUNT,
            "last_year": last_year.counts[key],
            "last_year_amount": last_year.funds_amount_wan,
            "change": change_of(key, figures[key], last_year),
            "headline": key in HEADLINE,
            "target": targets.get(key),
            "work_list": reverse(WORK_LISTS[key]) if key in WORK_LISTS else "",
        }
        for key in HEADLINE + OTHERS
    ]
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "form": form,
            "period_from": period_from,
            "as_of": as_of,
            "shortcuts": shortcuts(today),
            "cards": cards,
            "charts": selectors.dashboard_charts(zone=zone, figures=figures),
            "credit": selectors.cached_credit(zone=zone, as_of=as_of, period_from=period_from),
            "chart_cards": CHART_CARDS,
            "chart_labels": {key: str(label) for key, label in CHART_LABELS.items()},
            **_followup(request, zone, as_of),
            "chain_summary": chain_selectors.summary(zone, period_from, as_of),
        },
    )


def _followup(request, zone, as_of) -> dict:
    """Overdue starts by level and the after-care tickets by department (docs/followup.md): the
    zone's figures, shown to everyone; the pages behind them to those who follow projects up."""
    late, overdue, departments = followup.cached_zone_summary(zone, as_of)
    return {
        "late_steps": {"leads": sum(r.leads for r in late), "steps": sum(r.steps for r in late)}
        if late
        else None,
        "overdue": overdue,
        "departments": departments,
        "follows_up": permissions.can_follow_up(request.user, zone),
    }
