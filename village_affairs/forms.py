from django import forms
from django.utils.translation import gettext_lazy as _

from common import clock

from .models import AttendanceBasis, CaseOutcome, Category, Direction, DisclosureKind, ResolvingBody, Step

DATE = forms.DateInput(attrs={"type": "date"})
TEXT = forms.Textarea(attrs={"rows": 3})


class DecisionForm(forms.Form):
    title = forms.CharField(label=_("事项名称"), max_length=200)
    summary = forms.CharField(label=_("事项内容"), widget=TEXT, required=False)
    raised_by_name = forms.CharField(label=_("提议人"), max_length=100, help_text=_("如：村党支部、10名以上村民联名"))


class StepForm(forms.Form):
    """The form for the next allowed step; fields depend on the step."""

    date = forms.DateField(label=_("日期"), widget=DATE)
    merged = forms.BooleanField(label=_("与两委会商议合并召开（一肩挑）"), required=False)
    body = forms.ChoiceField(label=_("决议机构"), choices=ResolvingBody.choices)
    basis = forms.ChoiceField(label=_("到会计算方式"), choices=AttendanceBasis.choices, required=False)
    due = forms.IntegerField(label=_("应到"), min_value=0)
    present = forms.IntegerField(label=_("实到"), min_value=0)
    votes_for = forms.IntegerField(label=_("赞成"), min_value=0)
    votes_against = forms.IntegerField(label=_("反对"), min_value=0, required=False)
    votes_abstain = forms.IntegerField(label=_("弃权"), min_value=0, required=False)
    content = forms.CharField(label=_("内容"), widget=TEXT)
    result = forms.CharField(label=_("结果"), widget=TEXT, required=False)
    channel = forms.CharField(
        label=_("公开方式"), max_length=100, required=False, help_text=_("如：村务公开栏、村广播")
    )
    publicity_days = forms.IntegerField(label=_("公示期（天）"), min_value=0, required=False)

    MEETING_FIELDS = ("due", "present", "votes_for", "votes_against", "votes_abstain")

    def __init__(self, *args: object, number: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.number = number
        self.fields["date"].initial = clock.today()
        keep = {"date", "content", "result"}
        if number <= Step.RESOLVE:
            keep.update(self.MEETING_FIELDS)
        if number == Step.PROPOSE:
            keep.add("merged")
        if number == Step.RESOLVE:
            keep.update({"body", "basis"})
        if number in (Step.PUBLISH_RESOLUTION, Step.PUBLISH_RESULT):
            keep.add("channel")
        if number == Step.PUBLISH_RESOLUTION:
            keep.add("publicity_days")
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]


class ImplementationForm(forms.Form):
    started_on = forms.DateField(label=_("开始实施日期"), widget=DATE)


class DisclosureForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=DisclosureKind.choices)
    year = forms.IntegerField(label=_("年度"), min_value=1949, max_value=2100)
    period_number = forms.IntegerField(label=_("期间（月或季度）"), min_value=1, max_value=12)
    title = forms.CharField(label=_("标题"), max_length=200, required=False, help_text=_("留空则自动命名"))
    content = forms.CharField(label=_("公开内容"), widget=forms.Textarea(attrs={"rows": 6}), required=False)


class DisclosureEditForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    content = forms.CharField(label=_("公开内容"), widget=forms.Textarea(attrs={"rows": 6}), required=False)


class CorrectionForm(forms.Form):
    """A correction of a published disclosure; the service says what is missing (village_affairs/corrections.py)."""

    title = forms.CharField(label=_("标题"), max_length=200, required=False, help_text=_("不填则为“更正：原标题”。"))
    content = forms.CharField(label=_("更正后的公开内容"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    reason = forms.CharField(
        label=_("更正原因"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=500
    )


class LedgerEntryForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=DATE)
    direction = forms.ChoiceField(label=_("收支"), choices=Direction.choices)
    category = forms.ChoiceField(label=_("科目"), choices=Category.choices)
    # A text field so that the service gives its own message for a non-numeric amount.
    amount = forms.CharField(label=_("金额（元）"), max_length=20)
    voucher = forms.CharField(label=_("凭证号"), max_length=30)
    description = forms.CharField(label=_("摘要"), max_length=200)
    attachment = forms.FileField(label=_("附件"), required=False)


class ReverseForm(forms.Form):
    date = forms.DateField(label=_("冲正日期"), widget=DATE)
    reason = forms.CharField(label=_("冲正原因"), max_length=100)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("答复"), widget=TEXT, max_length=2000)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("监督意见"), widget=TEXT, max_length=1000)


class CaseDecideForm(forms.Form):
    outcome = forms.ChoiceField(label=_("处理结果"), choices=CaseOutcome.choices)
    decision = forms.CharField(label=_("处理意见"), widget=TEXT)
    date = forms.DateField(label=_("日期"), widget=DATE, required=False)
    amount = forms.CharField(label=_("金额（元，可不填）"), max_length=20, required=False)
