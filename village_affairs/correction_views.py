"""The page that corrects a published disclosure (village_affairs/corrections.py): those who manage
the village's disclosures write the correction from the original's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from common.http import AuthedRequest
from common.pages import apply_service
from common.scope import Right
from organizations.models import OrganizationKind
from organizations.selectors import organization_or_404

from .corrections import disclosure_correct as correct
from .forms import CorrectionForm
from .models import Disclosure


@login_required
def disclosure_correct(request: AuthedRequest, code: str, pk: int) -> HttpResponse:
    v = organization_or_404(request.scope, code, kind=OrganizationKind.VILLAGE)
    original = request.scope.object_or_404(Disclosure.objects.filter(village=v), "village", pk=pk)
    request.scope.require(Right.MANAGE, code=v.code)
    form = CorrectionForm(request.POST or None, initial={"content": original.content})
    created: list[Disclosure] = []
    if request.method == "POST" and apply_service(
        form, lambda d: created.append(correct(original=original, user=request.user, **d))
    ):
        messages.success(request, _("更正草稿已保存，核对后请公开；原公开内容保持不变。"))
        return redirect("village_affairs:disclosure", code=v.code, pk=created[0].pk)
    return render(request, "village_affairs/correction_form.html", {"village": v, "original": original, "form": form})
