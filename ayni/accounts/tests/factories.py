import factory

from ayni.accounts.choices import Role
from ayni.accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    role = Role.CONTRIBUTOR
    password = factory.django.Password("a-long-test-password")


class FocalPointFactory(UserFactory):
    role = Role.FOCAL_POINT
    country_id = "SN"


class CuratorFactory(UserFactory):
    role = Role.CURATOR
    is_staff = True


class AdministratorFactory(UserFactory):
    role = Role.ADMINISTRATOR
    is_staff = True
    is_superuser = True
