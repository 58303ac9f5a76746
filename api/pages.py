"""The token page (``/api/tokens/``, linked from 我的账号): make, list and revoke one's personal access tokens."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.two_factor import is_verified, requires_two_factor
from common.http import AuthedRequest
from common.pages import add_service_errors

from . import tokens
from .models import AccessToken


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("名称"), max_length=100, help_text=gettext_lazy("例如：大屏、省平台对接"))
    writable = forms.BooleanField(
        label=gettext_lazy("允许写入"), required=False, help_text=gettext_lazy("不勾选则只能读取。")
    )
    expires_on = forms.DateField(
        label=gettext_lazy("有效期至"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("留空则长期有效，直至撤销。"),
    )


def _needs_second_factor(request: AuthedRequest) -> bool:
    """A user whose role must use two-factor makes tokens only from a session that passed it."""
    return requires_two_factor(request.scope) and not is_verified(request)


@login_required
def token_list(request: AuthedRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    secret = ""
    blocked = _needs_second_factor(request)
    if request.method == "POST" and not blocked and form.is_valid():
        try:
            token, secret = tokens.token_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已创建令牌“%(name)s”。") % {"name": token.name})
            form = TokenForm()
    rows = AccessToken.objects.filter(user=request.user).order_by("revoked_at", "-created_at", "-id")
    response = render(request, "api/tokens.html", {"form": form, "tokens": rows, "secret": secret, "blocked": blocked})
    response["Cache-Control"] = "no-store"  # the secret is on this page once
    return response


@login_required
@require_POST
def token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    token = AccessToken.objects.filter(user=request.user, pk=pk).first()
    if token is None:
        raise Http404
    try:
        tokens.token_revoke(token=token, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已撤销令牌“%(name)s”。") % {"name": token.name})
    return redirect("api:tokens")
