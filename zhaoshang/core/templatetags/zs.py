"""Template filters for amounts the Chinese way (dates use Django's localised DATE_FORMAT)."""

from decimal import Decimal

from django import template
from django.utils.translation import get_language, pgettext

from zhaoshang.core.amounts import format_wan

register = template.Library()


@register.filter
def wan(amount):
    """万元 amount shown as 亿元 from 1亿 up (12.00亿元), else 万元."""
    return format_wan(amount)


def _english() -> bool:
    return (get_language() or "").startswith("en")


@register.filter
def wan_column(amount):
    """An amount in a table column of one unit (named by wan_column_title in the header): a plain
    number of 万元 in Chinese, of million yuan in English; right-aligned by the table."""
    if amount is None:
        return ""
    return f"{Decimal(amount) / 100:,.2f}" if _english() else f"{Decimal(amount):,.2f}"


@register.simple_tag
def wan_column_title(title):
    """The header of a wan_column: 总投资（万元）, Total investment (million yuan)."""
    if _english():
        return pgettext("表头", "%(title)s（百万元）") % {"title": title}
    return pgettext("表头", "%(title)s（万元）") % {"title": title}
