"""The follow-up's panel on the project page ({% project_followup project %}): the projects app
sits below followup, so its page asks here through the template, not by an import."""

from django import template

from zhaoshang.core.dates import today as shanghai_today
from zhaoshang.followup import selectors
from zhaoshang.org import permissions

register = template.Library()


@register.inclusion_tag("followup/project_panel.html", takes_context=True)
def project_followup(context, project):
    user = context["request"].user
    if not permissions.can_follow_up(user, project.zone):
        return {"show": False}
    return {
        "show": True,
        "project": project,
        **selectors.project_followup(project, user, shanghai_today()),
    }
