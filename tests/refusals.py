"""What a refused call says. Tests compare the whole message, so that a call refused for another
reason than the rule under test fails them instead of passing."""

import pytest
from django.core.exceptions import ValidationError


def refusal(call) -> list[str]:
    """The messages of the refusal ``call()`` meets (it must meet one)."""
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.messages


def refusal_by_field(call) -> dict[str, list[str]]:
    """The refusal of ``call()`` by field (``__all__`` for one about the whole record)."""
    with pytest.raises(ValidationError) as refused:
        call()
    error = refused.value
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
