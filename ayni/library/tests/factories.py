from typing import Any

import factory

from ayni.core.choices import RecordStatus
from ayni.library.models import Resource


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource
        skip_postgeneration_save = True

    uid = factory.Sequence(lambda n: f"test:res-{n}")
    status = RecordStatus.SUBMITTED
    title = factory.Sequence(lambda n: {"es": f"Guía de restauración de manglares {n}"})

    @factory.post_generation
    def countries(self: Any, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.countries.set(extracted if isinstance(extracted, list) else ["SN"])
