import factory

from ayni.core.choices import RecordStatus
from ayni.needs.models import Need, Offer, Partnership


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need
        skip_postgeneration_save = True

    uid = factory.Sequence(lambda n: f"test:need-{n}")
    status = RecordStatus.SUBMITTED
    country_id = "SN"
    title = factory.Sequence(lambda n: {"fr": f"Suivi des mangroves par drone {n}"})


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer
        skip_postgeneration_save = True

    uid = factory.Sequence(lambda n: f"test:offer-{n}")
    status = RecordStatus.SUBMITTED
    title = factory.Sequence(lambda n: {"pt": f"Monitoramento de manguezais {n}"})
    provider_country_id = "BR"


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        skip_postgeneration_save = True

    uid = factory.Sequence(lambda n: f"test:partnership-{n}")
    status = RecordStatus.SUBMITTED
    need = factory.SubFactory(NeedFactory)
