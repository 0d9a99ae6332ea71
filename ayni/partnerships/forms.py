"""Forms of the partnership loop: they check the input; the services decide and write."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ayni.matching.selectors import ProviderMatch
from ayni.partnerships.choices import Side
from ayni.partnerships.services import MESSAGE_MAX


def _label(match: ProviderMatch) -> str:
    return f"{match.name} ({match.type}, {match.country or '—'}, {match.score:.2f})"


class ProposalForm(forms.Form):
    """Choose a provider among a need's matches, optionally a funder, and write a message."""

    provider = forms.ChoiceField(label=_("Provider"), widget=forms.RadioSelect)
    funder = forms.ChoiceField(label=_("Funder (triangular cooperation, optional)"), required=False)
    message = forms.CharField(
        label=_("Message to the other side"),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Shown on the proposal page. Do not write e-mail addresses: none are shared."),
    )

    def __init__(
        self,
        *args: Any,
        providers: list[ProviderMatch],
        funders: list[ProviderMatch],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        provider = self.fields["provider"]
        funder = self.fields["funder"]
        assert isinstance(provider, forms.ChoiceField)
        assert isinstance(funder, forms.ChoiceField)
        provider.choices = [(m.id, _label(m)) for m in providers]
        funder.choices = [("", _("No funder")), *((m.id, _label(m)) for m in funders)]


class AnswerForm(forms.Form):
    """The side one answers for (needed only by who may answer for both)."""

    side = forms.ChoiceField(label=_("Side"), choices=Side.choices, required=False)


class PartnershipCompleteForm(forms.Form):
    """The outcome of a completed partnership, which becomes the case study's results."""

    outcome = forms.CharField(
        label=_("Outcome"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the partnership achieved, in your language; it starts the case study."),
    )
    end_date = forms.DateField(
        label=_("End date"),
        required=False,
        help_text=_("YYYY-MM-DD; today if empty."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class NoticeReadForm(forms.Form):
    """One notice to mark read, or all of them."""

    notice = forms.IntegerField(required=False, min_value=1)
    all = forms.BooleanField(required=False)
