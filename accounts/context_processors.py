from django.http import HttpRequest

from common.scope import Right

from .scope import get_scope


def scope(request: HttpRequest) -> dict[str, object]:
    viewer = get_scope(request)
    return {
        "scope": viewer,
        # The administrators' pages in the navigation, each for its own right only.
        "manages_users": viewer.holds(Right.MANAGE_USERS),
        "manages_security": viewer.holds(Right.MANAGE_SECURITY),
        "reads_security_log": viewer.holds(Right.READ_SECURITY_LOG),
        # The campaign report: county and township admins, for their own subtree (reports.campaign_views).
        "reads_reports": viewer.may_anywhere(Right.OVERSEE),
    }
