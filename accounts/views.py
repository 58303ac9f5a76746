"""Sign-in (password, then the two-factor code), the steps a user must complete first, and the user's own
settings: language, password, two-factor devices (F-ACCESS, F-I18N, T-TRUST).
"""

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, PasswordChangeView
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from common.http import AuthedRequest
from common.pages import add_service_errors
from organizations.selectors import counties_on_record
from security.models import Kind
from security.services import record

from . import gate, services
from .forms import CodeForm, LanguageForm
from .lockout import is_locked, lockout_response, record_failure
from .models import PasswordState, Profile, RoleAssignment
from .passwords import expires_at
from .scope import get_scope
from .two_factor import is_verified, qr_svg, requires_two_factor, secret_text, usable_devices


class XianfengLoginView(LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        # Before login the page says which county this is, from the records.
        return {**super().get_context_data(**kwargs), "counties": counties_on_record()}


def _next_url(request: HttpRequest) -> str:
    """The page the user asked for before a sign-in step, if it is on this site; else home."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return wanted
    return reverse(settings.LOGIN_REDIRECT_URL)


def _continue(request: HttpRequest) -> HttpResponse:
    """Go on to the next step the user must complete, or to the page they asked for."""
    step = gate.pending_step(request)
    target = _next_url(request)
    if step is not None:
        return redirect(f"{reverse(step)}?{urlencode({'next': target})}")
    return redirect(target)


# -- the steps after the password ----------------------------------------------------------------


@login_required
def otp_verify(request: AuthedRequest) -> HttpResponse:
    """Ask a user who has a two-factor device for its current code; wrong codes count toward the lockout."""
    gate.remember(request, request.user)  # a device may have been added or removed since login
    if gate.pending_step(request) != gate.VERIFY:
        return _continue(request)
    username = request.user.get_username()
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if is_locked(request, username):
            logout(request)
            return lockout_response(request, credentials={"username": username})
        if form.is_valid():
            device = _verified_device(request, form.cleaned_data["code"])
            if device is not None:
                otp_login(request, device)
                record(Kind.LOGIN_SUCCEEDED, target=username, detail={"factor": "two_factor"})
                return _continue(request)
            if record_failure(request, username):
                logout(request)  # the code was the last try: the half-signed-in session ends
                return lockout_response(request, credentials={"username": username})
            form.add_error("code", _("验证码不正确或已过期，请重新输入。"))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})


def _verified_device(request: AuthedRequest, code: str) -> TOTPDevice | None:
    with transaction.atomic():
        for device in usable_devices(request.user).select_for_update():
            if device.verify_token(code):
                return device
    return None


@login_required
def otp_setup(request: AuthedRequest) -> HttpResponse:
    """Add a TOTP device: scan the QR code or type the secret, then confirm with a code."""
    step = gate.pending_step(request)
    if step == gate.SET_UP:
        gate.remember(request, request.user)  # a device may have been confirmed in another session
        step = gate.pending_step(request)
    if step not in (None, gate.SET_UP):
        return _continue(request)
    device = services.device_start(user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.device_confirm(device=device, code=form.cleaned_data["code"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            otp_login(request, device)
            gate.remember(request, request.user)
            messages.success(request, _("两步验证已启用：以后登录时须输入身份验证器中的验证码。"))
            if step is None and not request.POST.get("next"):
                return redirect("accounts:my_account")
            return _continue(request)
    context = {
        "form": form,
        "device": device,
        "qr": qr_svg(device),
        "secret": secret_text(device),
        "required": step == gate.SET_UP,
        "next": _next_url(request) if step else "",
    }
    return render(request, "accounts/otp_setup.html", context)


@login_required
@require_POST
def device_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    device = get_object_or_404(TOTPDevice, pk=pk, user=request.user)
    try:
        services.device_remove(device=device, required=requires_two_factor(get_scope(request)))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        gate.remember(request, request.user)
        messages.success(request, _("设备已删除。"))
    return redirect("accounts:my_account")


class XianfengPasswordChangeView(PasswordChangeView):
    """The user's own password change; it also ends a forced change (first login, reset, expiry)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "reason": gate.password_reason(self.request)}

    def form_valid(self, form: BaseForm) -> HttpResponse:
        response = super().form_valid(form)  # type: ignore[arg-type]
        services.password_chosen_by_user(user=self.request.user)  # type: ignore[arg-type]
        gate.remember(self.request, self.request.user)
        return response


# -- the user's own settings ---------------------------------------------------------------------


def _profile(user) -> Profile:
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


def _remember_language(response: HttpResponse, language: str) -> HttpResponse:
    # The language middleware lets the cookie win over the profile, so keep both in step.
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@login_required
def my_account(request: AuthedRequest) -> HttpResponse:
    profile = _profile(request.user)
    form = LanguageForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        translation.activate(profile.language)
        messages.success(request, _("已保存。"))
        return _remember_language(redirect("accounts:my_account"), profile.language)
    assignments = (
        RoleAssignment.objects.filter(user=request.user)
        .select_related("organization", "unit", "person")
        .order_by("role", "id")
    )
    scope = get_scope(request)
    state = PasswordState.objects.filter(user=request.user).first()
    context = {
        "form": form,
        "assignments": assignments,
        "scope": scope,
        "devices": usable_devices(request.user).order_by("id"),
        "two_factor_required": requires_two_factor(scope),
        "verified": is_verified(request),
        "password_expires": expires_at(state.changed_at) if state and state.changed_at else None,
    }
    return render(request, "accounts/my_account.html", context)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; a signed-in user's choice is also kept on their profile."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        profile = _profile(request.user)
        if profile.language != language:
            profile.language = language
            profile.save(update_fields=["language"])
    return response
