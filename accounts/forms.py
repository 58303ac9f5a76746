from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Profile


class LanguageForm(forms.ModelForm):
    language = forms.ChoiceField(label=_("界面语言"), choices=settings.LANGUAGES)

    class Meta:
        model = Profile
        fields = ["language"]
