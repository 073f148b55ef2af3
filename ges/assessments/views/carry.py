"""A framework admin carries last year's final 12-month results into the framework's baselines
again, e.g. once the agencies have their indicators for the new year (ges.assessments.carry)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ges.assessments.carry import carry_baselines
from ges.audit.log import actor_from
from ges.frameworks.access import get_framework_for_user


@login_required
@require_POST
def carry(request: HttpRequest, framework_pk: int) -> HttpResponse:
    framework = get_framework_for_user(request.user, framework_pk, edit=True)
    summary = carry_baselines(actor_from(request), framework)
    if summary.baselines_added or summary.values_added:
        messages.success(
            request,
            _(
                "Carried from fiscal year %(year)s: %(baselines)d baseline values and "
                "%(values)d values of last year (prev)."
            )
            % {
                "year": summary.year,
                "baselines": summary.baselines_added,
                "values": summary.values_added,
            },
        )
    else:
        messages.info(request, _("Nothing new to carry: every final result is already there."))
    for note in summary.notes:
        messages.warning(request, note)
    return redirect("frameworks:detail", framework.pk)
