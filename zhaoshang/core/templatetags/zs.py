"""Template filters for amounts the Chinese way (dates use Django's localised DATE_FORMAT)."""

from django import template

from zhaoshang.core.amounts import format_wan

register = template.Library()


@register.filter
def wan(amount):
    """万元 amount shown as 亿元 from 1亿 up (12.00亿元), else 万元."""
    return format_wan(amount)
