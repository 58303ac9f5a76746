"""Sign-in, sign-out, password and the user's own settings (F-ACCESS, F-I18N)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from .forms import LanguageForm
from .models import Profile, RoleAssignment
from .scope import get_scope


class XianfengLoginView(LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


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
def my_account(request: HttpRequest) -> HttpResponse:
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
    return render(
        request,
        "accounts/my_account.html",
        {"form": form, "assignments": assignments, "scope": get_scope(request)},
    )


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
