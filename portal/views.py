"""Public village pages (R-PORTAL): no login, published items only, read through the published selectors."""

import re
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common import clock, public_pages
from common.client_address import client_address
from common.http import ScopedRequest
from common.sections import PUBLIC_VILLAGE, section_entries_for
from organizations.models import Organization, OrganizationKind
from organizations.selectors import counties_on_record
from village_affairs import selectors as published
from village_affairs import services as affairs
from village_affairs.models import DecisionStep, Disclosure, DisclosureStatus, PublishedMonth, Step

from .feedback_form import check_form, form_token
from .qr import qr_svg

VILLAGE_CODE = re.compile(r"^\d{12}$")


def _village(code: str) -> Organization:
    if not VILLAGE_CODE.match(code):
        raise Http404
    village = (
        Organization.objects.select_related("parent__parent").filter(code=code, kind=OrganizationKind.VILLAGE).first()
    )
    if village is None:
        raise Http404
    return village


def village_list(request: ScopedRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:50]
    villages = Organization.objects.villages().select_related("parent").order_by("code")
    if q:
        villages = villages.filter(Q(name__icontains=q) | Q(parent__name__icontains=q) | Q(code__startswith=q))
    return render(
        request,
        "portal/village_list.html",
        {"villages": villages[:300], "q": q, "counties": counties_on_record()},
    )


def village_page(request: ScopedRequest, code: str) -> HttpResponse:
    """The village's public page, phone first: a summary, then the sections by tab (anchor). Anonymous views
    are served from the cache until something the page shows changes (common.public_pages)."""
    village = _village(code)

    def render_page(extra: dict[str, Any]) -> HttpResponse:
        year = clock.today().year
        sections = section_entries_for(PUBLIC_VILLAGE, village)
        return render(
            request,
            "portal/village_page.html",
            {
                "village": village,
                "township": village.parent,
                "county": village.parent.parent if village.parent else None,
                "year": year,
                "summary": published.public_summary(village, year),
                "disclosures": list(published.published_disclosures(village)[:60]),
                "statements": published.published_statements(village),
                "decisions": published.published_decisions(village),
                "answered": list(published.answered_feedback(village)),
                "sections": [(entry.template, context) for entry, context in sections],
                "tabs": [(entry.anchor, entry.label) for entry, _context in sections if entry.anchor],
                "page_url": request.build_absolute_uri(reverse("portal:village", args=[village.code])),
                "max_length": 500,
                **extra,
            },
        )

    return public_pages.cached_page(
        request, "portal.village", village.code, render_page, lambda: {"feedback_token": form_token(village.code)}
    )


def village_qr(request: ScopedRequest, code: str) -> HttpResponse:
    village = _village(code)
    url = request.build_absolute_uri(reverse("portal:village", args=[village.code]))
    response = HttpResponse(qr_svg(url), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def village_poster(request: ScopedRequest, code: str) -> HttpResponse:
    """A page to print for the notice board: the village's name, the QR code and the address."""
    village = _village(code)
    url = request.build_absolute_uri(reverse("portal:village", args=[village.code]))
    return render(request, "portal/poster.html", {"village": village, "page_url": url, "qr": qr_svg(url)})


def _target(village: Organization, value: str) -> object:
    """Resolve "disclosure:12", "step:5" or "month:3" to a published item of this village, or 404;
    "village" is a general message to the village itself."""
    if value == "village":
        return village
    kind, _sep, raw = value.partition(":")
    if not raw.isdigit():
        raise Http404
    pk = int(raw)
    found: Disclosure | PublishedMonth | DecisionStep | None
    if kind == "disclosure":
        found = Disclosure.objects.filter(village=village, status=DisclosureStatus.PUBLISHED, pk=pk).first()
    elif kind == "month":
        found = PublishedMonth.objects.filter(village=village, pk=pk).first()
    elif kind == "step":
        found = (
            DecisionStep.objects.filter(
                decision__village=village, pk=pk, decision__steps__number=Step.PUBLISH_RESOLUTION
            )
            .select_related("decision")
            .first()
        )
    else:
        found = None
    if found is None:
        raise Http404
    return found


@require_POST
def feedback(request: ScopedRequest, code: str) -> HttpResponse:
    village = _village(code)
    target = _target(village, request.POST.get("target", ""))
    try:
        check_form(request.POST, village.code)
        affairs.feedback_submit(
            target=target,
            text=request.POST.get("text", ""),
            name=request.POST.get("name", ""),
            # The real client behind the documented proxies (TRUSTED_PROXY_COUNT), not the proxy.
            client_address=client_address(request) or "",
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("谢谢！您的意见已提交，村里将在7天内答复并在本页公开。"))
    return redirect(reverse("portal:village", args=[village.code]) + "#feedback-result")
