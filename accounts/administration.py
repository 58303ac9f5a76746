"""The administrators' pages (三权分立): users and roles for the system administrator, locks and
credentials for the security administrator. Each page is for its right only; to anyone else it
does not exist (404). Neither shows a campaign record.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from common.http import AuthedRequest
from common.pages import add_service_errors, paginate
from common.scope import Right

from . import services
from .forms import RoleAddForm, UserCreateForm
from .lockout import current_locks, lockout_minutes
from .models import PasswordState, RoleAssignment
from .passwords import max_age_days


def _users(text: str):  # noqa: ANN202 - a queryset of users with their roles
    users = get_user_model().objects.prefetch_related(
        Prefetch("roles", queryset=RoleAssignment.objects.select_related("organization", "unit", "person"))
    )
    if text:
        users = users.filter(Q(username__icontains=text) | Q(first_name__icontains=text))
    return users.order_by("username")


def _set_password_form(request: AuthedRequest, user: User) -> SetPasswordForm:
    data = request.POST if request.POST.get("action") == "reset_password" else None
    return SetPasswordForm(user, data)


def _reset_password(request: AuthedRequest, form: SetPasswordForm, user: User) -> bool:
    if not form.is_valid():
        return False
    try:
        services.password_reset(user=user, password=form.cleaned_data["new_password1"], by=request.user)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    messages.success(request, _("已设置临时密码：%(user)s 下次登录时必须修改。") % {"user": user.username})
    return True


def _refused(request: AuthedRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


# -- system administrator: users and their roles -----------------------------------------------


@login_required
def user_list(request: AuthedRequest) -> HttpResponse:
    request.scope.require_held(Right.MANAGE_USERS)
    text = request.GET.get("q", "").strip()
    return render(request, "accounts/user_list.html", {"page": paginate(request, _users(text)), "q": text})


@login_required
def user_create(request: AuthedRequest) -> HttpResponse:
    request.scope.require_held(Right.MANAGE_USERS)
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                username=data["username"],
                name=data["name"],
                password=data["password"],
                role=data["role"],
                organization=data["organization"],
                unit=data["unit"],
                person=data["person"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已创建用户 %(user)s：首次登录时必须修改密码。") % {"user": user.username})
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@login_required
def user_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    request.scope.require_held(Right.MANAGE_USERS)
    user = get_object_or_404(get_user_model(), pk=pk)
    action = request.POST.get("action", "")
    role_form = RoleAddForm(request.POST if action == "add_role" else None)
    password_form = _set_password_form(request, user)
    if request.method == "POST":
        try:
            if action == "add_role" and role_form.is_valid():
                data = role_form.cleaned_data
                try:
                    services.role_assign(
                        user=user,
                        role=data["role"],
                        organization=data["organization"],
                        unit=data["unit"],
                        person=data["person"],
                    )
                except ValidationError as exc:
                    add_service_errors(role_form, exc)
                else:
                    messages.success(request, _("已添加角色。"))
                    return redirect("accounts:user_detail", pk=user.pk)
            elif action == "remove_role":
                assignment = get_object_or_404(RoleAssignment, pk=request.POST.get("assignment"), user=user)
                services.role_remove(assignment=assignment)
                messages.success(request, _("已删除角色。"))
                return redirect("accounts:user_detail", pk=user.pk)
            elif action in ("deactivate", "activate"):
                services.user_set_active(user=user, active=action == "activate", by=request.user)
                messages.success(request, _("已停用。") if action == "deactivate" else _("已启用。"))
                return redirect("accounts:user_detail", pk=user.pk)
            elif action == "reset_password" and _reset_password(request, password_form, user):
                return redirect("accounts:user_detail", pk=user.pk)
        except ValidationError as exc:
            _refused(request, exc)
            return redirect("accounts:user_detail", pk=user.pk)
    assignments = user.roles.select_related("organization", "unit", "person").order_by("role", "id")
    context = {"subject": user, "assignments": assignments, "role_form": role_form, "password_form": password_form}
    return render(request, "accounts/user_detail.html", context)


# -- security administrator: locks and credentials ---------------------------------------------


@login_required
def security(request: AuthedRequest) -> HttpResponse:
    request.scope.require_held(Right.MANAGE_SECURITY)
    if request.method == "POST":
        try:
            services.account_unlock(
                username=request.POST.get("username", ""), address=request.POST.get("address", ""), by=request.user
            )
        except ValidationError as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("已解锁。"))
        return redirect("accounts:security")
    accounts, addresses = current_locks()
    text = request.GET.get("q", "").strip()
    context = {
        "locked_accounts": accounts,
        "locked_addresses": addresses,
        "q": text,
        "users": _users(text)[:50] if text else [],
        "policy": {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "lockout_minutes": lockout_minutes(),
            "max_age_days": max_age_days(),
        },
    }
    return render(request, "accounts/security.html", context)


@login_required
def security_user(request: AuthedRequest, pk: int) -> HttpResponse:
    request.scope.require_held(Right.MANAGE_SECURITY)
    user = get_object_or_404(get_user_model(), pk=pk)
    password_form = _set_password_form(request, user)
    action = request.POST.get("action", "")
    if request.method == "POST":
        if action == "reset_password" and _reset_password(request, password_form, user):
            return redirect("accounts:security_user", pk=user.pk)
        if action == "reset_two_factor":
            try:
                services.two_factor_reset(user=user, by=request.user)
            except ValidationError as exc:
                _refused(request, exc)
            else:
                messages.success(request, _("已删除该用户的全部两步验证设备。"))
            return redirect("accounts:security_user", pk=user.pk)
    context = {
        "subject": user,
        "password_form": password_form,
        "state": PasswordState.objects.filter(user=user).first(),
        "devices": TOTPDevice.objects.filter(user=user, confirmed=True).count(),
    }
    return render(request, "accounts/security_user.html", context)
