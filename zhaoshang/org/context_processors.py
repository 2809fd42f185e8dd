from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from zhaoshang.org import permissions
from zhaoshang.org.selectors import current_zone

# The sections of the top bar, in order; a section shows once its app serves its URL name.
SECTIONS = [
    ("project-list", "bi-folder2-open", _("项目库")),
    ("pipeline", "bi-kanban", _("推进看板")),
    ("briefings", "bi-file-earmark-text", _("简报")),
    ("ledger", "bi-table", _("台账")),
    ("targets", "bi-bullseye", _("目标")),
    ("followup", "bi-life-preserver", _("落地服务")),
    ("fieldwork-activities", "bi-person-walking", _("招商工作")),
    ("chains", "bi-diagram-3", _("产业链")),
    ("ingest", "bi-newspaper", _("信息采集")),
]


def frame(request):
    """What the top bar needs on every page: the zone, the user's zones and role, the sections."""
    zone = current_zone(request)
    if zone is None:
        return {}
    return {
        "zone": zone,
        "my_zones": list(permissions.zones_of(request.user)),
        "my_role": permissions.role_in(request.user, zone),
        "can_create": permissions.can_create(request.user, zone),
        "can_manage_accounts": permissions.can_manage_accounts(request.user, zone),
        "nav": [
            section
            for section in _sections()
            if section["name"] != "followup" or permissions.can_follow_up(request.user, zone)
        ],
    }


def _sections() -> list[dict]:
    sections = []
    for name, icon, label in SECTIONS:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        sections.append(
            {"name": name, "url": url, "url_length": f":{len(url)}", "icon": icon, "label": label}
        )
    return sections
