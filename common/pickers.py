"""Pickers that scale: a form field over thousands of records renders no options, only a search box.

``SearchChoiceField`` (one record) and ``SearchMultipleChoiceField`` (several) are model
choice fields whose widget is a text box, a hidden value and an empty results list. A field
whose queryset holds at most ``MAX_OPTIONS`` records (a village admin's own village, a
leader's few office holders) renders as a plain select (or checkboxes), one count query
deciding.

Typing asks **the form's own page** for matches (htmx ``hx-get`` to the page's URL with
``_pick=<field name>`` and the typed text): the view builds its form exactly as for a
page, with the querysets it scoped to the viewer, and when the widget of the asked field
is rendered it answers instead of the page: at most ``PICKER_LIMIT`` records of *that
field's queryset* matching ``search`` (``PickerMiddleware`` turns the answer into the
response). So what is listed is exactly what the field accepts, scoped as the page is, and
no view needs a search endpoint of its own. Choosing a result (mouse or keyboard,
behaviour in ``xianfeng/static/xianfeng/site.js``) fills the hidden value.

Without JavaScript the typed text is submitted and matched exactly (``match``: a name, a
code, a whole ID number): one match is taken, none or several are refused with a sentence.
A value outside the queryset (a forged id, a record out of the viewer's scope) is refused
with ``invalid_choice``.
"""

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.forms.models import ModelChoiceIterator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

# How many matches a search lists; typing more narrows it.
PICKER_LIMIT = 20
# A field over more choices than this gets a search box (xianfeng/tests/test_pickers.py walks every form).
MAX_OPTIONS = 200
TEXT_SUFFIX = "__text"
PICK = "_pick"

NOT_FOUND = _("没有找到“%(text)s”，请输入后从列表中选择。")
AMBIGUOUS = _("“%(text)s”不止一个，请从列表中选择，或输入完整的身份证号或代码。")
OUT_OF_RANGE = _("所选项不在可选范围内。")

Matcher = Callable[[QuerySet, str], QuerySet]
_SEPARATORS = re.compile(r"[,，、;；\n]+")
_request: ContextVar[HttpRequest | None] = ContextVar("picker_request", default=None)


def match_name(queryset: QuerySet, text: str) -> QuerySet:
    """The default exact match of typed text (no JavaScript): the record's whole name."""
    return queryset.filter(name=text)


def search_name(queryset: QuerySet, text: str) -> QuerySet:
    """The default search as one types: a part of the name."""
    return queryset.filter(Q(name__icontains=text))


class TypedText(str):
    """Text typed in a picker's box with no record chosen (no JavaScript): the field matches it."""


class PickerAnswer(Exception):  # noqa: N818 - not an error: the answer to a search, carried out of the view
    """Raised while the page renders the asked field: ``PickerMiddleware`` sends ``response`` instead of the page."""

    def __init__(self, response: HttpResponse) -> None:
        super().__init__("picker answer")
        self.response = response


class PickerMiddleware:
    """Keep the request at hand for the widgets, and answer a search with the results the asked widget raised."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        with serving(request):
            return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return exception.response if isinstance(exception, PickerAnswer) else None


@contextmanager
def serving(request: HttpRequest) -> Iterator[None]:
    token = _request.set(request)
    try:
        yield
    finally:
        _request.reset(token)


def _asked(name: str) -> tuple[HttpRequest | None, str | None]:
    """The request, and the text typed when it is htmx asking this field (``_pick=name``)."""
    request = _request.get()
    if request is None or request.method != "GET" or request.GET.get(PICK) != name:
        return request, None
    if request.headers.get("HX-Request") != "true":
        return request, None
    return request, (request.GET.get(name + TEXT_SUFFIX) or "").strip()[:50]


class LabelledChoices(ModelChoiceIterator):
    """The field's choices with what its labels read loaded in the same query (``label_related``)."""

    def __init__(self, field: forms.ModelChoiceField) -> None:
        super().__init__(field)
        related = getattr(field, "label_related", ())
        if related and self.queryset is not None:
            self.queryset = self.queryset.select_related(*related)


class SearchSelect(forms.Widget):
    """A text box that searches the page's own field as one types, a hidden value, a results list."""

    template_name = "common/picker.html"
    multiple = False

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices: Any = ()

    def value_from_datadict(self, data: Mapping[str, Any], files: object, name: str) -> Any:
        value = data.get(name, "")
        if value:
            return value
        text = (data.get(name + TEXT_SUFFIX) or "").strip()
        return TypedText(text) if text else ""

    def value_omitted_from_data(self, data: Mapping[str, Any], files: object, name: str) -> bool:
        return name not in data and name + TEXT_SUFFIX not in data

    def use_required_attribute(self, initial: Any) -> bool:
        return not self.multiple and super().use_required_attribute(initial)

    def _field(self) -> Any:
        return getattr(self.choices, "field", None)

    def is_small(self) -> bool:
        """Few enough choices to list them all (one count query)."""
        field = self._field()
        return field is not None and field.queryset.count() <= MAX_OPTIONS

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        request, text = _asked(name)
        if text is not None:
            raise PickerAnswer(self.results(request, text))  # type: ignore[arg-type]
        if self.is_small():
            listed = (forms.CheckboxSelectMultiple if self.multiple else forms.Select)(attrs=self.attrs)
            listed.choices = LabelledChoices(self._field())
            listed.is_required = self.is_required
            return listed.render(name, value, attrs, renderer)
        return super().render(name, value, attrs, renderer)

    def results(self, request: HttpRequest, text: str) -> HttpResponse:
        """At most ``PICKER_LIMIT`` records of the field's queryset matching ``text`` (one query), and whether more do."""
        field = self._field()
        found: list[Model] = []
        if text and field is not None:
            found = list(field.search(LabelledChoices(field).queryset, text)[: PICKER_LIMIT + 1])
        key = (field.to_field_name if field is not None else None) or "pk"
        rows = [{"pk": obj.serializable_value(key), "label": field.label_from_instance(obj)} for obj in found]
        context = {"results": rows[:PICKER_LIMIT], "more": len(rows) > PICKER_LIMIT, "searched": bool(text)}
        return HttpResponse(render_to_string("common/picker_results.html", {**context, "limit": PICKER_LIMIT}, request))

    def _chosen(self, value: Any) -> list[tuple[str, str]]:
        """(value, label) of the current value, one query; typed text is shown back as it was typed."""
        values = [v for v in (value if isinstance(value, (list, tuple)) else [value]) if v not in (None, "")]
        ids = [v for v in values if not isinstance(v, TypedText)]
        field = self._field()
        if not ids or field is None:
            return []
        key = field.to_field_name or "pk"
        try:
            found = list(LabelledChoices(field).queryset.filter(**{f"{key}__in": ids}))
        except (ValueError, TypeError, ValidationError):
            return []
        return [(str(obj.serializable_value(key)), field.label_from_instance(obj)) for obj in found]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, None, attrs)
        chosen = self._chosen(value)
        values = value if isinstance(value, (list, tuple)) else [value]
        typed = next((v for v in values if isinstance(v, TypedText)), "")
        widget = context["widget"]
        widget_id = widget["attrs"].get("id") or f"id_{name}"
        request = _request.get()
        widget.update(
            chosen=chosen,
            multiple=self.multiple,
            text_name=name + TEXT_SUFFIX,
            text=typed or ("" if self.multiple or not chosen else chosen[0][1]),
            results_id=f"{widget_id}_results",
            url=request.get_full_path() if request is not None else "",
            vals=f'{{"{PICK}": "{name}"}}',
            placeholder=_("输入姓名或名称搜索") if not self.multiple else _("输入姓名搜索并添加"),
        )
        return context


class SearchSelectMultiple(SearchSelect):
    multiple = True

    def value_from_datadict(self, data: Mapping[str, Any], files: object, name: str) -> Any:
        getlist = getattr(data, "getlist", None)
        values: list[Any] = list(getlist(name)) if getlist else list(data.get(name) or [])
        text = (data.get(name + TEXT_SUFFIX) or "").strip()
        values += [TypedText(t.strip()) for t in _SEPARATORS.split(text) if t.strip()]
        return values


class _Searching:
    """What both fields share: how typed text is searched (``search``) and matched without JavaScript (``match``)."""

    iterator: Any = LabelledChoices  # labels through the field's label function, their relations loaded
    # Relations the labels read, loaded with the choices (no query per option).
    label_related: tuple[str, ...] = ()

    def _setup(self, search: Matcher | None, match: Matcher | None) -> None:
        self.search = search or search_name
        self.match = match or match_name
        self.error_messages.setdefault("picker_not_found", NOT_FOUND)  # type: ignore[attr-defined]
        self.error_messages.setdefault("picker_ambiguous", AMBIGUOUS)  # type: ignore[attr-defined]

    def resolve(self, text: TypedText) -> Model:
        found = list(self.match(self.queryset, str(text))[:2])  # type: ignore[attr-defined]
        if len(found) != 1:
            code = "picker_ambiguous" if found else "picker_not_found"
            raise forms.ValidationError(
                self.error_messages[code],  # type: ignore[attr-defined]
                code=code,
                params={"text": text},
            )
        return found[0]


class SearchChoiceField(_Searching, forms.ModelChoiceField):
    widget = SearchSelect
    default_error_messages = {"invalid_choice": OUT_OF_RANGE}

    def __init__(
        self, *, queryset: QuerySet, search: Matcher | None = None, match: Matcher | None = None, **kwargs: Any
    ) -> None:
        super().__init__(queryset=queryset, **kwargs)
        self._setup(search, match)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, TypedText):
            return self.resolve(value)
        return super().to_python(value)


class SearchMultipleChoiceField(_Searching, forms.ModelMultipleChoiceField):
    widget = SearchSelectMultiple
    default_error_messages = {"invalid_choice": OUT_OF_RANGE, "invalid_pk_value": OUT_OF_RANGE}

    def __init__(
        self, *, queryset: QuerySet, search: Matcher | None = None, match: Matcher | None = None, **kwargs: Any
    ) -> None:
        super().__init__(queryset=queryset, **kwargs)
        self._setup(search, match)

    def clean(self, value: Any) -> Any:
        key = self.to_field_name or "pk"
        values = [self.resolve(v).serializable_value(key) if isinstance(v, TypedText) else v for v in value or []]
        return super().clean(values)
