"""The OpenAPI schema says what the API answers: the error bodies of every operation, the files a
list exports, the bounds of filters, nullable fields, and the real bodies of the workflow actions.
(That every answer conforms is what the schemathesis run in test_api_fuzz checks.)"""

import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.conftest import api_for

ERROR = {"$ref": "#/components/schemas/Error"}
CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method, operation


def test_every_operation_declares_its_error_bodies(schema):
    found = 0
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        for code in ("400", "401", "403", "404", "503"):
            assert responses[code]["content"]["application/json"]["schema"] == ERROR, (method, path, code)
        assert ("409" in responses) == (method != "get"), (method, path)
        found += 1
    assert found > 100
    error = schema["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"detail", "code"} and "errors" in error["properties"]


def test_lists_declare_the_files_they_export(schema):
    lists = [
        (path, operation)
        for path, method, operation in operations(schema)
        if method == "get" and any(parameter["name"] == "export" for parameter in operation.get("parameters", []))
    ]
    assert len(lists) > 30
    for path, operation in lists:
        content = operation["responses"]["200"]["content"]
        assert {"application/json", CSV, XLSX} <= set(content), path


def test_filters_declare_the_bounds_they_enforce(schema):
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/budget/allocations/"]["get"]["parameters"]}
    assert parameters["year"] == {"type": "integer", "minimum": 0, "maximum": 32767}
    assert parameters["amount_min"]["type"] == "integer"
    assert parameters["amount_min"]["maximum"] == 2**63 - 1
    assert parameters["units"]["items"]["type"] == "integer"
    assert parameters["q"]["maxLength"] == 200
    inspections = {p["name"]: p["schema"] for p in schema["paths"]["/api/oversight/inspections/"]["get"]["parameters"]}
    assert (inspections["year"]["minimum"], inspections["year"]["maximum"]) == (1900, 2999)


def test_names_read_through_an_empty_relation_are_nullable(schema):
    components = schema["components"]["schemas"]
    assert components["Item"]["properties"]["holder_unit_name"]["nullable"] is True
    assert components["Unit"]["properties"]["successor_name"]["nullable"] is True
    assert "nullable" not in components["Item"]["properties"]["item_type_name"]


def test_workflow_actions_declare_their_real_bodies(schema):
    paths = schema["paths"]

    def bodies(path):
        operation = paths[path]["post"]
        request = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
        return request, operation["responses"]["200"]["content"]["application/json"]["schema"]

    ref = "#/components/schemas/{}".format
    # An action without a body documents none (approve and post took a whole record before).
    assert bodies("/api/budget/allocations/{id}/approve/") == (None, {"$ref": ref("Allocation")})
    assert bodies("/api/budget/spending/{id}/post/") == (None, {"$ref": ref("Spending")})
    assert bodies("/api/assets/vouchers/{id}/post/") == (None, {"$ref": ref("Voucher")})
    # A reversal takes its reason and answers the record it created (before: the request body).
    assert bodies("/api/budget/spending/{id}/reverse/") == (
        {"$ref": ref("SpendingReverseRequest")},
        {"$ref": ref("Spending")},
    )
    assert bodies("/api/assets/vouchers/{id}/reverse/") == (
        {"$ref": ref("VoucherReverseRequest")},
        {"$ref": ref("Voucher")},
    )
    assert bodies("/api/construction/payments/{id}/reverse/")[1] == {"$ref": ref("Payment")}


@pytest.mark.django_db
def test_a_reversal_answers_the_body_the_schema_documents(schema, officer, make_allocation, spend):
    entry = spend(make_allocation(), 1_000_000, post=True)
    response = api_for(officer).post(f"/api/budget/spending/{entry.pk}/reverse/", {"reason": "Nhầm"}, format="json")
    assert response.status_code == 200, response.json()
    documented = schema["components"]["schemas"]["Spending"]
    body = response.json()
    assert set(documented["required"]) <= set(body) <= set(documented["properties"])
    assert body["kind"] == "reversal" and body["reverses"] == entry.pk
