import factory

from ayni.core.choices import RecordStatus
from ayni.countries.models import CountryProfile


class CountryProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CountryProfile
        skip_postgeneration_save = True

    uid = factory.Sequence(lambda n: f"test:country-{n}")
    status = RecordStatus.SUBMITTED
    country_id = "SN"
