"""Every refusal carries a stable ``code``: the API returns it beside the message; importers and tests name it.

The scan reads the modules that write (models, services, checks, bulk paths, forms,
importers, ``common``, ``organizations``) and fails on any ``ValidationError`` (or
``PublishedImmutableError``) built from a message without ``code=``, and on error dicts
whose values are plain messages instead of coded ``ValidationError`` instances. The
behavioural tests check that representative refusals reach the caller with their codes
through the real services.
"""

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

ROOT = Path(__file__).resolve().parents[2]
APPS = {
    "branch_life",
    "member_records",
    "points",
    "accounts",
    "common",
    "evaluation",
    "exchange",
    "leadership",
    "membership",
    "learning",
    "organizations",
    "pairing",
    "people",
    "practice",
    "security",
    "service_platform",
    "supervision",
    "village_affairs",
}
WRITING = {"models.py", "services.py", "checks.py", "bulk.py", "forms.py"}
WRITING_PACKAGES = {"models", "services"}
ALSO = {
    ("accounts", "models.py"),
    ("exchange", "importing.py"),
    ("exchange", "jobs.py"),
    ("people", "id_numbers.py"),
    ("people", "phones.py"),
}
REFUSALS = {"ValidationError", "PublishedImmutableError"}
TRANSLATE = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy", "format_lazy"}


def in_scope(relative: Path) -> bool:
    parts = relative.parts
    app, rest = parts[0], parts[1:]
    if app not in APPS or not rest or "tests" in parts or "migrations" in parts:
        return False
    if app == "organizations" or (app == "common" and len(rest) == 1):
        return True
    if app == "accounts":
        return rest == ("models.py",)
    if (app, rest[0]) in ALSO or (app == "exchange" and rest[0] == "importers"):
        return True
    return rest[0] in WRITING or (rest[0] in WRITING_PACKAGES and len(rest) == 2)


def modules_in_scope() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.py") if in_scope(p.relative_to(ROOT)))


def is_refusal(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return (isinstance(func, ast.Name) and func.id in REFUSALS) or (
        isinstance(func, ast.Attribute) and func.attr in REFUSALS
    )


def is_message(node: ast.AST | None) -> bool:
    """A message: a string, an f-string, a gettext call, a %-formatted message or a MESSAGE constant."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return is_message(node.left)
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name):
            return func.id in TRANSLATE or (func.id == "str" and bool(node.args) and is_message(node.args[0]))
        return isinstance(func, ast.Attribute) and func.attr == "format" and is_message(func.value)
    if isinstance(node, ast.Name):
        return node.id.isupper() and len(node.id) > 1  # a module's message constant: END_BEFORE_START
    if isinstance(node, ast.IfExp):
        return is_message(node.body) or is_message(node.orelse)
    return False


def plain_messages(node: ast.AST) -> bool:
    """A dict value that is a message, or a list/tuple holding one."""
    if isinstance(node, ast.List | ast.Tuple):
        return any(is_message(e) for e in node.elts)
    return is_message(node)


def _is_errors(node: ast.AST) -> bool:
    """``errors`` or ``errors.setdefault(...)``: an error collection being filled."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "setdefault":
        node = node.func.value
    return isinstance(node, ast.Name) and "error" in node.id.lower()


def uncoded(source: str) -> list[tuple[int, str]]:
    """(line, what) for every refusal in ``source`` that carries no code."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if is_refusal(node):
            assert isinstance(node, ast.Call)
            first = node.args[0] if node.args else None
            has_code = any(k.arg == "code" for k in node.keywords) or len(node.args) >= 2
            if is_message(first) and not has_code:
                found.append((node.lineno, "message without code="))
            elif isinstance(first, ast.Dict) and any(plain_messages(v) for v in first.values):
                found.append((node.lineno, "dict of plain messages"))
            elif isinstance(first, ast.List | ast.Tuple) and any(is_message(e) for e in first.elts):
                found.append((node.lineno, "list of plain messages (a list drops code=)"))
        elif isinstance(node, ast.Assign) and is_message(node.value):
            target = node.targets[0]
            if isinstance(target, ast.Subscript) and _is_errors(target.value):
                found.append((node.lineno, "plain message stored in an error dict"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name, args = node.func.attr, node.args
            if name in {"append", "extend"} and _is_errors(node.func.value) and any(is_message(a) for a in args):
                found.append((node.lineno, "plain message appended to an error list"))
            elif name == "add_error" and len(args) >= 2 and is_message(args[1]):
                found.append((node.lineno, "add_error() with a plain message"))
    return sorted(found)


def test_the_scan_covers_the_writing_modules() -> None:
    names = {str(p.relative_to(ROOT)) for p in modules_in_scope()}
    for expected in (
        "accounts/models.py",
        "common/checks.py",
        "evaluation/services/assessments.py",
        "exchange/importers/org_kinds.py",
        "exchange/jobs.py",
        "organizations/views.py",
        "people/id_numbers.py",
        "village_affairs/models/disclosures.py",
        "village_affairs/bulk.py",
    ):
        assert expected in names
    assert "accounts/views.py" not in names
    assert not any("/tests/" in n or "/migrations/" in n for n in names)


def test_the_scan_finds_uncoded_refusals() -> None:
    source = """
raise ValidationError(_("坏。"))
raise forms.ValidationError("bad")
raise PublishedImmutableError(f"{x}")
raise ValidationError(_("%(n)s坏。") % {"n": 1})
raise ValidationError({"end": END_BEFORE_START})
raise ValidationError({"end": [_("坏。")]})
errors["end"] = _("坏。")
errors.setdefault("end", []).append(_("坏。"))
form.add_error("end", _("坏。"))
raise ValidationError([_("坏。")], code="lost")
raise ValidationError(_("好。"), code="good")
raise ValidationError({"end": ValidationError(_("好。"), code="good")})
raise ValidationError(errors)
raise ValidationError([ValidationError(p, code="good") for p in problems])
errors["end"] = ValidationError(_("好。"), code="good")
"""
    assert [line for line, _what in uncoded(source)] == list(range(2, 12))


def test_every_refusal_in_the_writing_modules_has_a_code() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path in modules_in_scope()
        for line, what in uncoded(path.read_text(encoding="utf-8"))
    ]
    assert found == []


# -- the codes reach the caller ------------------------------------------------------------


def codes(exc: ValidationError, field: str | None = None) -> list[str | None]:
    errors = exc.error_dict[field] if field else exc.error_list
    return [e.code for e in errors]


def test_a_decision_step_out_of_order(county) -> None:
    from village_affairs import services
    from village_affairs.tests.helpers import MEETING

    decision = services.decision_create(village=county.village_a1, title="修建村道", raised_by_name="村党支部")
    with pytest.raises(ValidationError) as info:
        services.decision_step_record(decision=decision, number=3, date=dt.date(2010, 3, 1), content="x", **MEETING)
    assert info.value.error_dict["number"][0].code == "step_out_of_order"


def test_a_sixth_commitment_in_a_year(personas) -> None:
    from practice import services

    def make(i: int) -> None:
        services.commitment_make(
            member=personas.member_person,
            year=2010,
            text=f"承诺{i}",
            deadline=dt.date(2010, 6, 30),
            promised_on=dt.date(2010, 1, 15),
        )

    for i in range(5):
        make(i)
    with pytest.raises(ValidationError) as info:
        make(5)
    assert codes(info.value) == ["too_many_commitments"]


def _ledger_entry(county, **kwargs: object) -> None:
    from village_affairs import services

    values = {
        "village": county.village_a1,
        "date": dt.date(2010, 4, 2),
        "direction": "expense",
        "category": "public_welfare",
        "amount": "500",
        "voucher": "V1",
        "description": "修路",
        **kwargs,
    }
    services.ledger_entry_create(**values)


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("amount", "12.345", "amount_decimals"),
        ("amount", 12.5, "amount_float"),
        ("amount", "0", "amount_not_positive"),
        ("date", dt.date.today() + dt.timedelta(days=2), "in_future"),
    ],
)
def test_ledger_entry_refusals(county, field, value, code) -> None:
    with pytest.raises(ValidationError) as info:
        _ledger_entry(county, **{field: value})
    assert codes(info.value, field) == [code]


def test_published_months_refuse_with_their_class_and_code(county) -> None:
    from common.models import PublishedImmutableError
    from village_affairs import services
    from village_affairs.models import LedgerEntry
    from village_affairs.tests.helpers import publish_month

    publish_month(county.village_a1, 2010, 3)
    _ledger_entry(county)
    entry = LedgerEntry.objects.get(voucher="V1")
    change = {"direction": "expense", "category": "public_welfare", "amount": "500", "voucher": "V1"}
    with pytest.raises(PublishedImmutableError) as info:
        services.ledger_entry_update(entry=entry, date=dt.date(2010, 3, 20), description="修路", **change)
    assert codes(info.value) == ["month_published"]
    frozen = LedgerEntry.objects.filter(date__month=3).first()
    assert frozen is not None
    with pytest.raises(PublishedImmutableError) as info:
        services.ledger_entry_delete(entry=frozen)
    assert codes(info.value) == ["published_immutable"]


def test_a_work_log_in_the_future_and_a_second_leadership_group(county) -> None:
    from leadership import services

    group = services.leadership_group_create(township=county.township_a, established_on=dt.date(2010, 3, 1))
    with pytest.raises(ValidationError) as info:
        services.work_log_add(group=group, date=dt.date.today() + dt.timedelta(days=3), kind="planning", title="x")
    assert codes(info.value, "date") == ["in_future"]
    with pytest.raises(ValidationError) as info:
        services.leadership_group_create(township=county.township_a, established_on=dt.date(2010, 3, 1))
    assert codes(info.value, "township") == ["group_exists"]


def test_a_model_clean_refusal_keeps_its_message_and_gains_a_code(county) -> None:
    from people import services
    from people.models import HouseholdCause, HouseholdStatus
    from xianfeng.tests import factories as f

    head = f.person(county.village_a1, name="困难户主")
    with pytest.raises(ValidationError) as info:
        services.household_set(
            head=head,
            village=county.village_a1,
            size=40,
            cause=HouseholdCause.ILLNESS,
            status=HouseholdStatus.IMPROVING,
        )
    assert info.value.message_dict == {"size": ["家庭人口应在1到30之间。"]}
    assert codes(info.value, "size") == ["size_out_of_range"]


def test_training_hours_out_of_range_keep_the_models_code(county, personas) -> None:
    from learning import services
    from learning.models import Channel
    from xianfeng.tests import factories as f

    training = services.training_create(
        channel=Channel.FARM_CLASSROOM,
        topic="茶叶种植技术",
        trainer_name="农技员",
        organization=county.village_a1,
        date=dt.date(2010, 6, 1),
        hours="2.5",
    )
    with pytest.raises(ValidationError) as info:
        services.attendance_add(training=training, people=[personas.member_person], hours="30")
    assert codes(info.value, "hours") == ["hours_range"]
    villager = f.person(county.village_a1, name="村民")
    with pytest.raises(ValidationError) as info:
        services.attendance_add(training=training, people=[villager])
    assert codes(info.value, "people") == ["not_a_member"]


def test_a_feedback_too_long(county) -> None:
    from village_affairs import services
    from village_affairs.tests.helpers import full_decision

    step = full_decision(county.village_a1).steps.get(number=5)
    with pytest.raises(ValidationError) as info:
        services.feedback_submit(target=step, text="意" * 501, client_address="10.0.0.1")
    assert codes(info.value, "text") == ["text_too_long"]


def test_bulk_rows_carry_their_code() -> None:
    from common.bulk import Problems

    problems = Problems()
    for i in range(3):
        problems.add(i, ["金额必须大于零。"])
    with pytest.raises(ValidationError) as info:
        problems.raise_if_any()
    assert info.value.messages[0] == "第1行：金额必须大于零。"
    assert codes(info.value) == ["bulk_rows"] * 3
