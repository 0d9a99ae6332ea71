import factory

from ayni.core.choices import RecordStatus
from ayni.federation.models import ClearingHouse


class ClearingHouseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClearingHouse
        skip_postgeneration_save = True

    uid = factory.Sequence(lambda n: f"test:chm-{n}")
    status = RecordStatus.SUBMITTED
    name = factory.Sequence(lambda n: f"Partner clearing-house {n}")
    protocol = "oai-pmh"
    endpoint = factory.Sequence(lambda n: f"https://chm{n}.example.org/oai")
