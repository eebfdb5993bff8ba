from rest_framework import filters


class OrderingFilter(filters.OrderingFilter):
    """``?ordering=field`` or ``-field`` on the fields the serializer shows."""
