"""The zone argument of the `zhaoshang` commands."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from zhaoshang.org.models import Zone


def zone_argument(code: str) -> Zone:
    zone = Zone.objects.filter(code=code).first()
    if zone is None:
        raise CommandError(_("开发区“%(code)s”不存在。") % {"code": code})
    return zone
