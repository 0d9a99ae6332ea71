import factory

from ayni.core.choices import RecordStatus
from ayni.roster.models import Expert, Organization


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        skip_postgeneration_save = True

    uid = factory.Sequence(lambda n: f"test:org-{n}")
    status = RecordStatus.PUBLISHED
    name = factory.Sequence(lambda n: {"en": f"Centre for Mangrove Studies {n}"})
    country_id = "SN"
    organization_type = "research"


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert
        skip_postgeneration_save = True

    uid = factory.Sequence(lambda n: f"test:expert-{n}")
    status = RecordStatus.PUBLISHED
    name = factory.Sequence(lambda n: f"Expert Number {n}")
    country_id = "BR"
    consent_public = True
    email = factory.Sequence(lambda n: f"expert{n}@example.org")
