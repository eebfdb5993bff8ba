"""factory-boy factories. Units are created through the services so that the tree stays right."""

import datetime

import factory
from django.contrib.auth.models import Group

from logistics import services
from logistics.models import Personnel, Rank, Supplier, SupplierKind, Unit, UnitKind, User

PASSWORD = "Mat-khau-thu-nghiem-2025"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"Đơn vị thử {n}")
    kind = UnitKind.COMMUNE
    parent = None
    valid_from = datetime.date(2000, 1, 1)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if kwargs.get("parent") is None:
            kwargs["kind"] = UnitKind.PROVINCE  # only a provincial force stands at the top
        return services.unit_create(actor=None, **kwargs)


class PersonnelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Personnel

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    service_number = factory.Sequence(lambda n: f"{n // 1000 % 1000:03d}-{n % 1000:03d}")
    rank = Rank.CAPTAIN
    position = "Cán bộ"
    unit = factory.SubFactory(UnitFactory)


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier

    name = factory.Sequence(lambda n: f"Công ty TNHH Thử nghiệm {n}")
    kind = SupplierKind.SUPPLIER
    tax_code = factory.Sequence(lambda n: f"{800000000 + n:010d}")
    address = "Hải Dương"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    unit = factory.SubFactory(UnitFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set([Group.objects.get(name=str(role)) for role in extracted])
        if create:
            self.save()
