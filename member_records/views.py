"""Pages of member records (党员信息): the list, a member's record in the national form's layout, the sub-record
forms, and the Excel export and import in that layout.

Reading: a member's branch in the viewer's scope, or the viewer's own record; anything else is 404.
Writing: whoever keeps the branch's records (MANAGE: the village admin of the branch, the township
and county admins above it); someone who may only read gets 404 on the forms.
"""

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common import clock
from common.http import AuthedRequest
from common.pages import add_service_errors, chosen_filters, paginate
from common.scope import Scope
from common.xlsx import XLSX_CONTENT_TYPE
from organizations.selectors import organization_or_404
from people.selectors import with_shown_contact

from . import exports, importing, selectors, services
from .forms import MemberFilterForm, RecordForm, UploadForm
from .kinds import KINDS, Kind, verbose
from .models import RecordImport


def _admin(scope: Scope) -> None:
    if not scope.is_admin:
        raise Http404


def _kind_or_404(slug: str) -> Kind:
    kind = KINDS.get(slug)
    if kind is None:
        raise Http404
    return kind


@login_required
def record_list(request: AuthedRequest) -> HttpResponse:
    scope = request.scope
    if not scope.reads_records:
        raise Http404
    form = MemberFilterForm(request.GET or None, scope=scope)
    chosen = chosen_filters(form)
    if request.GET.get("format") == "xlsx":
        return _export(scope, chosen.get("org", ""))
    page = paginate(request, selectors.members_listed(scope, **chosen))
    with_shown_contact(scope, (m.person for m in page.object_list))
    return render(
        request,
        "member_records/list.html",
        {"form": form, "page_obj": page, "kinds": KINDS.values(), "can_import": scope.is_admin},
    )


@login_required
def export(request: AuthedRequest) -> HttpResponse:
    """The workbook of the members under ``?org=`` (a township or a village branch; all in scope without it)."""
    return _export(request.scope, request.GET.get("org", ""))


def _export(scope: Scope, org: str) -> HttpResponse:
    _admin(scope)
    name = _("全部")
    if org:
        unit = organization_or_404(scope, org)
        org, name = unit.code, unit.name
    rows = selectors.export_rows(scope, org=org, today=clock.today())
    response = HttpResponse(exports.workbook(rows), content_type=XLSX_CONTENT_TYPE)
    filename = _("党员信息-%(unit)s.xlsx") % {"unit": name}
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "no-store"
    return response


@login_required
def record_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    scope = request.scope
    person = selectors.member_or_404(scope, pk)
    record = selectors.record_of(scope, person, clock.today())
    sections = [
        (kind, [verbose(kind, n) for n in kind.fields], [(item, _cells(kind, item)) for item in record.items[slug]])
        for slug, kind in KINDS.items()
    ]
    return render(
        request,
        "member_records/record.html",
        {"record": record, "person": person, "sections": sections, "can_edit": services.may_edit(scope, person)},
    )


def _cells(kind: Kind, item: Any) -> list[object]:
    """What the record page shows of a row: choices by label, the phone as the viewer may see it."""
    cells: list[object] = []
    for name in kind.fields:
        if name == "phone":
            cells.append(item.shown_phone)
        elif name in kind.choices:
            cells.append(getattr(item, f"get_{name}_display")())
        else:
            cells.append(getattr(item, name))
    return cells


def _writable_member(request: AuthedRequest, pk: int) -> Any:
    person = selectors.member_or_404(request.scope, pk)
    if not services.may_edit(request.scope, person):
        raise Http404
    return person


@login_required
def item_form(request: AuthedRequest, pk: int, kind: str, item: int | None = None) -> HttpResponse:
    scope = request.scope
    spec = _kind_or_404(kind)
    person = _writable_member(request, pk)
    record = selectors.item_or_404(spec, person, item) if item is not None else None
    phone_hidden = "phone" in spec.fields and not selectors.unmasked_for(scope, person)
    initial = {name: getattr(record, name) for name in spec.fields} if record is not None else {}
    form = RecordForm(request.POST or None, kind=spec, phone_hidden=phone_hidden, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        if phone_hidden and record is not None and not values.get("phone"):
            values["phone"] = record.phone  # type: ignore[attr-defined]  # left empty: kept
        try:
            services.record_save(scope=scope, kind=spec, person=person, values=values, item=record)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("member_records:record", pk=person.pk)
    title = f"{person.name} · {spec.title}"
    return render(request, "member_records/form.html", {"form": form, "person": person, "title": title})


@login_required
@require_POST
def item_delete(request: AuthedRequest, pk: int, kind: str, item: int) -> HttpResponse:
    spec = _kind_or_404(kind)
    person = _writable_member(request, pk)
    record = selectors.item_or_404(spec, person, item)
    try:
        services.record_delete(scope=request.scope, item=record)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已删除。"))
    return redirect("member_records:record", pk=person.pk)


@login_required
def import_page(request: AuthedRequest) -> HttpResponse:
    """Upload → preview (nothing written) → commit (checked again, every sheet's rows or none)."""
    scope = request.scope
    _admin(scope)
    form = UploadForm(request.POST or None, request.FILES or None)
    upload: RecordImport | None = None
    if request.method == "POST" and "commit" in request.POST:
        upload = RecordImport.objects.filter(
            pk=request.POST.get("commit") or 0, user_id=request.user.pk, committed_at__isnull=True
        ).first()
        if upload is None:
            raise Http404
        with upload.file.open("rb") as fileobj:
            result = importing.run(fileobj, scope=scope, commit=True)
        upload.report = result.as_json()
        if result.ok:
            upload.committed_at = timezone.now()
            messages.success(request, _("已导入 %(n)d 条记录。") % {"n": result.written})
        upload.save()
        form = UploadForm()
    elif request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        upload = RecordImport.objects.create(user=request.user, file=file, original_name=file.name[:200])
        with upload.file.open("rb") as fileobj:
            result = importing.run(fileobj, scope=scope, commit=False)
        upload.report = result.as_json()
        upload.save(update_fields=["report"])
    return render(request, "member_records/import.html", {"form": form, "upload": upload})
