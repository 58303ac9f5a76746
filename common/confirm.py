"""Irreversible steps ask first: what cannot be undone is said before it is done.

An app names each of its one-way actions once, in its ``confirmations.py`` (discovered at
start-up like ``figures.py``)::

    PUBLISH = irreversible(
        "village_affairs.publish",
        question=_("公开这份公开事项？"),
        consequence=_("公开后内容不能修改或删除，只能另发更正。"),
        button=_("确认公开"),
    )

Two halves use it:

- the page: ``{% load irreversible %}<button … {% confirm_attrs "village_affairs.publish" %}>``
  puts the translated texts on the button as ``data-confirm*`` attributes; ``site.js`` opens a
  ``<dialog>`` with them and, when the user confirms, submits the form with ``confirm=1``;
- the view: ``if (page := confirmation_required(request, PUBLISH, back=url)): return page``
  before acting. A POST without ``confirm=1`` (no JavaScript, an old page, a script) gets a
  confirmation page that says the same and posts the same fields again with ``confirm=1``; it
  changes nothing.
"""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise

from .registry import Registry

CONFIRM_FIELD = "confirm"
# Fields the confirmation page does not carry over: the token is the page's own, the flag is set anew.
_NOT_CARRIED = {"csrfmiddlewaretoken", CONFIRM_FIELD}


@dataclass(frozen=True)
class Irreversible:
    key: str
    question: str | Promise
    consequence: str | Promise
    button: str | Promise


IRREVERSIBLE: Registry[Irreversible] = Registry("irreversible action")


def irreversible(
    key: str, *, question: str | Promise, consequence: str | Promise, button: str | Promise
) -> Irreversible:
    """Name a one-way action and the words that warn of it; return it for the view to pass on."""
    return IRREVERSIBLE.add(key, Irreversible(key, question, consequence, button))


def confirmed(request: HttpRequest) -> bool:
    return request.POST.get(CONFIRM_FIELD) == "1"


def confirmation_required(
    request: HttpRequest, action: Irreversible, *, back: str, detail: str = ""
) -> HttpResponse | None:
    """None when the POST carries ``confirm=1``; otherwise the confirmation page (which writes nothing)."""
    if confirmed(request):
        return None
    carried = [(name, value) for name, values in request.POST.lists() if name not in _NOT_CARRIED for value in values]
    return render(
        request,
        "confirm.html",
        {"action": action, "fields": carried, "post_to": request.get_full_path(), "back": back, "detail": detail},
    )
