"""Schema fuzzing (schemathesis): every operation of the live schema, as an administrator and as a
commune commander (token authentication), on a small realistic dataset — no answer is a server
error, and every answer (its status code and its body) is one the schema declares.

Bounded so that it stays under a minute on two cores: a few examples per operation, derandomized
(the same cases every run), no shrinking. Inputs the schema forbids are sent as the administrator
only: they are refused by the same validation whoever sends them, while what each user may reach
differs and is what the commune commander's valid inputs test. Writes run too, inside the test's
database.
"""

import re

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from logistics.roles import Role
from tests.api_walk import api_routes
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
#: Examples per operation and user: valid inputs, then inputs the schema forbids.
POSITIVE_EXAMPLES = 5
NEGATIVE_EXAMPLES = 3


@pytest.fixture
def wsgi_application():
    """The site as a server runs it, but on the test's database connection: Django closes that
    connection when a request ends (as its own test client prevents)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _models_by_path() -> dict:
    return {re.sub(r"\{[^}]+\}", "{}", route.pattern): route.model for route in api_routes()}


def _record_for(operation, everything, models_by_path):
    """A record of the operation's model, so that detail operations reach a real one."""
    model = models_by_path.get(re.sub(r"\{[^}]+\}", "{}", operation.path))
    return everything.records.get(model) if model is not None else None


def _run(operation, generation_mode, examples, headers, path_parameters):
    strategy = operation.as_strategy(generation_mode=generation_mode, path_parameters=path_parameters)

    @given(case=strategy)
    @settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)

    check()


def test_every_operation_answers_as_the_schema_says(everything, wsgi_application):
    tree = everything.tree
    # Each user with whether inputs the schema forbids are sent as them.
    users = {
        "administrator": (UserFactory(unit=tree.province, roles=[Role.ADMINISTRATOR], is_staff=True), True),
        "commune commander": (UserFactory(unit=tree.commune_a1, roles=[Role.UNIT_COMMANDER]), False),
    }
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 100

    models_by_path = _models_by_path()
    failures = []
    for who, (user, sends_forbidden_inputs) in users.items():
        headers = {"Authorization": f"Token {Token.objects.create(user=user).key}"}
        for operation in operations:
            record = _record_for(operation, everything, models_by_path)
            path_parameters = {parameter.name: record.pk for parameter in operation.path_parameters} if record else None
            runs = [(schemathesis.GenerationMode.POSITIVE, POSITIVE_EXAMPLES, path_parameters)]
            if sends_forbidden_inputs and any(
                len(part) for part in (operation.path_parameters, operation.query, operation.body)
            ):
                # Inputs the schema forbids, the path's ids included (an operation without any input
                # has nothing to get wrong).
                runs.append((schemathesis.GenerationMode.NEGATIVE, NEGATIVE_EXAMPLES, None))
            for mode, examples, fixed_path in runs:
                try:
                    _run(operation, mode, examples, headers, fixed_path)
                except (Exception, BaseExceptionGroup) as failure:  # every failing operation is reported
                    failures.append(f"{who} · {operation.label} · {mode.value}:\n{failure}"[:3000])
    assert not failures, f"{len(failures)} failing:\n\n" + "\n\n".join(failures)
