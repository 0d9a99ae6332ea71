import datetime as dt

import factory

from ayni.core.choices import RecordStatus
from ayni.events.models import Event


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    uid = factory.Sequence(lambda n: f"test:event-{n}")
    status = RecordStatus.SUBMITTED
    title = factory.Sequence(lambda n: {"en": f"Regional workshop on invasive species {n}"})
    start = dt.datetime(2027, 3, 10, 9, 0, tzinfo=dt.UTC)
    timezone = "Africa/Dakar"
    country_id = "SN"
