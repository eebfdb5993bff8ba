"""Each app's API endpoints, routed from what it registered (``registry.api_routes``)."""

from rest_framework.routers import DefaultRouter

from logistics.registry import registry


def router_for(app_label: str) -> DefaultRouter:
    router = DefaultRouter()
    for route in registry.api_routes(app_label):
        router.register(route.prefix, route.viewset, basename=route.basename)
    return router
