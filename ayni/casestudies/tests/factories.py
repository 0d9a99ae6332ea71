from typing import Any

import factory

from ayni.casestudies.models import CaseStudy
from ayni.core.choices import RecordStatus


class CaseStudyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseStudy
        skip_postgeneration_save = True

    uid = factory.Sequence(lambda n: f"test:cs-{n}")
    status = RecordStatus.SUBMITTED
    title = factory.Sequence(lambda n: {"en": f"Seed bank twinning {n}"})

    @factory.post_generation
    def countries(self: Any, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.provider_countries.set(["BR"])
            self.beneficiary_countries.set(["SN"])
