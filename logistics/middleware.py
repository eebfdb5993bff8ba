import uuid

from pghistory.middleware import HistoryMiddleware


class RequestHistoryMiddleware(HistoryMiddleware):
    """Give each request an id and attach user, path and that id to every history event it writes."""

    def get_context(self, request):
        return {**super().get_context(request), "request_id": request.request_id}

    def __call__(self, request):
        request.request_id = str(uuid.uuid4())
        response = super().__call__(request)
        response["X-Request-ID"] = request.request_id
        return response
