"""The construction pages and API: entry with Vietnamese amounts, steps with their guards shown before
the form, payments from the work's page, reports and exports; bad input saves nothing."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from budget.models import Spending
from construction.choices import ProjectStatus
from construction.models import Contract, Payment, ProgressReport, Project
from logistics.models import Attachment, ExportLog
from tests.conftest import api_for, logged_in
from tests.construction.conftest import DECIDED, PAID_ON, STARTED, YEAR

pytestmark = pytest.mark.django_db


def project_form(tree, **changes):
    data = {
        "code": "",
        "name": "Nhà làm việc 2 tầng Công an xã Thanh Hồng",
        "kind": "new_build",
        "phase": "Giai đoạn I",
        "beneficiary_unit": tree.commune_a1.pk,
        "location": "Xã Thanh Hồng, huyện Thanh Hà",
        "total_investment": "2.500.000.000",
        "planned_start": "01/03/2024",
        "planned_end": "31/12/2024",
        "note": "",
    }
    data.update(changes)
    return data


def read_csv(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_officer_proposes_a_work_typing_amounts_the_vietnamese_way(officer_construction, tree):
    response = logged_in(officer_construction).post(reverse("construction:project_add"), project_form(tree))
    assert response.status_code == 302, response.context["form"].errors
    project = Project.objects.get()
    assert (project.code, project.total_investment, project.status) == ("CT-2024-001", 2_500_000_000, "proposed")
    assert response["Location"] == project.get_absolute_url()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"total_investment": "2,5 tỷ"}, "total_investment"),
        ({"total_investment": "0"}, "total_investment"),
        ({"planned_end": "01/01/2024"}, "planned_end"),
        ({"planned_start": "31/02/2024"}, "planned_start"),
        ({"name": ""}, "name"),
        ({"beneficiary_unit": ""}, "beneficiary_unit"),
    ],
)
def test_bad_input_is_refused_beside_the_field_and_nothing_is_saved(officer_construction, tree, changes, field):
    response = logged_in(officer_construction).post(reverse("construction:project_add"), project_form(tree, **changes))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert "Xã Thanh Hồng, huyện Thanh Hà" in response.content.decode()  # what was typed is kept
    assert not Project.objects.exists()


def test_a_dissolved_unit_gets_no_new_work(officer_construction, tree):
    from logistics import services as core_services

    core_services.unit_dissolve(
        actor=None, unit=tree.district_b, successor=tree.province, effective_date=datetime.date(2025, 3, 1)
    )
    response = logged_in(officer_construction).post(
        reverse("construction:project_add"),
        project_form(tree, beneficiary_unit=tree.district_b.pk, planned_start="01/04/2025", planned_end="31/12/2025"),
    )
    assert response.status_code == 400 and "beneficiary_unit" in response.context["form"].errors


def test_the_work_page_shows_the_next_step_and_why_it_waits(officer_construction, works):
    project = works.approved()
    client = logged_in(officer_construction)
    page = client.get(project.get_absolute_url())
    html = page.content.decode()
    assert 'data-testid="blockers"' in html  # no contract yet: the start waits
    assert reverse("construction:project_start", args=[project.pk]) in html
    assert reverse("construction:project_approve", args=[project.pk]) not in html
    assert reverse("construction:project_accept", args=[project.pk]) not in html
    # The step's own page repeats why, and posting it anyway is refused at the top of the form.
    assert (
        'data-testid="blockers"'
        in client.get(reverse("construction:project_start", args=[project.pk])).content.decode()
    )
    refused = client.post(
        reverse("construction:project_start", args=[project.pk]),
        {"date": STARTED.strftime("%d/%m/%Y"), "document_number": "LKC-01"},
    )
    assert refused.status_code == 400 and refused.context["form"].non_field_errors()
    # A step that is not the next one is not offered; its URL sends the officer back.
    wrong = client.post(reverse("construction:project_settle", args=[project.pk]), {})
    assert wrong.status_code == 302 and wrong["Location"] == project.get_absolute_url()
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPROVED


def test_steps_through_the_pages(officer_construction, works, building_type):
    client = logged_in(officer_construction)
    project = works.proposed()
    response = client.post(
        reverse("construction:project_approve", args=[project.pk]),
        {
            "decision_number": "125/QĐ-CAT",
            "decision_date": DECIDED.strftime("%d/%m/%Y"),
            "total_investment": "2.000.000.000",
        },
    )
    assert response.status_code == 302
    works.contract(project)
    works.fund(project)
    for action, data in (("start", {"date": STARTED.strftime("%d/%m/%Y"), "document_number": "LKC-01"}),):
        assert client.post(reverse(f"construction:project_{action}", args=[project.pk]), data).status_code == 302
    photo = SimpleUploadedFile("tien-do.jpg", b"\xff\xd8\xff anh", content_type="image/jpeg")
    response = client.post(
        reverse("construction:progressreport_add") + f"?project={project.pk}",
        {"project": project.pk, "date": f"01/09/{YEAR}", "percent": "100", "note": "Hoàn thành", "attachment": photo},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Attachment.objects.filter(object_id=ProgressReport.objects.get().pk).exists()
    steps = [
        ("accept", {"date": f"30/09/{YEAR}", "document_number": "BBNT-01"}),
        (
            "hand_over",
            {
                "date": f"15/10/{YEAR}",
                "document_number": "BBBG-01",
                "register_asset": "on",
                "item_type": building_type.pk,
                "asset_cost": "1.500.000.000",
            },
        ),
        ("settle", {"date": f"20/12/{YEAR}", "document_number": "QĐQT-01", "settlement_value": "1.480.000.000"}),
    ]
    for action, data in steps:
        response = client.post(reverse(f"construction:project_{action}", args=[project.pk]), data)
        assert response.status_code == 302, (action, response.context["form"].errors)
    project.refresh_from_db()
    assert project.status == ProjectStatus.SETTLED and project.asset_item.cost == 1_480_000_000
    assert client.get(project.get_absolute_url()).status_code == 200


def test_payment_from_the_work_page_with_the_overspend_message(officer_construction, works):
    project = works.started(contract_value=1_000_000_000)
    client = logged_in(officer_construction)
    form_page = client.get(reverse("construction:payment_add") + f"?project={project.pk}")
    form = form_page.context["form"]
    assert form.initial["contract"] == project.contracts.get().pk
    assert form.initial["allocation"] == works.allocation.pk
    data = {
        "project": project.pk,
        "contract": project.contracts.get().pk,
        "allocation": works.allocation.pk,
        "date": PAID_ON.strftime("%d/%m/%Y"),
        "amount": "600.000.000",
        "voucher_number": "PC-001",
        "description": "Tạm thanh toán đợt 1",
    }
    assert client.post(reverse("construction:payment_add"), data).status_code == 302
    again = client.post(reverse("construction:payment_add"), {**data, "voucher_number": "PC-002"})
    assert again.status_code == 400
    assert "400.000.000" in again.context["form"].errors["amount"][0]
    assert "Tạm thanh toán đợt 1" in again.content.decode()
    assert Payment.objects.count() == Spending.objects.count() == 1
    page = client.get(project.get_absolute_url()).content.decode()
    assert "600.000.000" in page and "PC-001" in page
    payment = Payment.objects.get()
    reverse_page = client.post(reverse("construction:payment_reverse", args=[payment.pk]), {"reason": "Sai số tiền"})
    assert reverse_page.status_code == 302
    assert payment.spending.reversal.amount == 600_000_000
    # The budget spending page names the work the payment belongs to.
    spending_page = client.get(payment.spending.get_absolute_url()).content.decode()
    assert 'data-testid="construction-payment"' in spending_page and project.code in spending_page
    allocation_page = client.get(works.allocation.get_absolute_url()).content.decode()
    assert 'data-testid="funded-works"' in allocation_page


def test_api_moves_a_work_through_its_states_and_pays(officer_construction, tree, works, building_type):
    api = api_for(officer_construction)
    created = api.post(
        "/api/construction/projects/",
        {
            "name": "Nhà làm việc Công an huyện Bình Giang",
            "kind": "new_build",
            "beneficiary_unit": tree.district_b.pk,
            "location": "Thị trấn Kẻ Sặt",
            "total_investment": 3_000_000_000,
            "planned_start": f"{YEAR}-02-01",
            "planned_end": f"{YEAR}-11-30",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["paid"] == 0 and created.json()["status"] == "proposed"
    base = f"/api/construction/projects/{pk}"
    approved = api.post(
        f"{base}/approve/", {"decision_number": "77/QĐ", "decision_date": f"{YEAR}-01-10"}, format="json"
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    early = api.post(f"{base}/start/", {"date": f"{YEAR}-02-01", "document_number": "LKC"}, format="json")
    assert early.status_code == 400 and early.json()["errors"]["non_field_errors"]
    contract = api.post(
        "/api/construction/contracts/",
        {
            "project": pk,
            "contractor": works.contractor.pk,
            "number": "HĐ-77",
            "signed_on": f"{YEAR}-01-20",
            "value": 2_800_000_000,
        },
        format="json",
    )
    assert contract.status_code == 201, contract.json()
    assert (
        api.post(
            "/api/construction/fundings/", {"project": pk, "allocation": works.allocation.pk}, format="json"
        ).status_code
        == 201
    )
    assert (
        api.post(f"{base}/start/", {"date": f"{YEAR}-02-01", "document_number": "LKC"}, format="json").status_code
        == 200
    )
    paid = api.post(
        "/api/construction/payments/",
        {
            "project": pk,
            "contract": contract.json()["id"],
            "allocation": works.allocation.pk,
            "date": f"{YEAR}-03-01",
            "amount": 1_000_000_000,
            "voucher_number": "PC-API-1",
        },
        format="json",
    )
    assert paid.status_code == 201, paid.json()
    assert paid.json()["net_amount"] == 1_000_000_000 and paid.json()["spending"]
    over = api.post(
        "/api/construction/payments/",
        {**paid.json(), "amount": 1_900_000_000, "voucher_number": "PC-API-2"},
        format="json",
    )
    assert over.status_code == 400 and "amount" in over.json()["errors"]
    lower = api.post(
        "/api/construction/progress-reports/", {"project": pk, "date": f"{YEAR}-05-01", "percent": 100}, format="json"
    )
    assert lower.status_code == 201, lower.json()
    for action, body in (
        ("accept", {"date": f"{YEAR}-09-30", "document_number": "BBNT"}),
        (
            "hand-over",
            {
                "date": f"{YEAR}-10-10",
                "document_number": "BBBG",
                "register_asset": True,
                "item_type": building_type.pk,
                "asset_cost": 2_800_000_000,
            },
        ),
        ("settle", {"date": f"{YEAR}-12-01", "document_number": "QĐQT", "settlement_value": 2_750_000_000}),
    ):
        response = api.post(f"{base}/{action}/", body, format="json")
        assert response.status_code == 200, (action, response.json())
    final = api.get(f"{base}/").json()
    assert final["status"] == "settled" and final["paid"] == 1_000_000_000 and final["asset_item"]
    again = api.post(
        f"{base}/settle/", {"date": f"{YEAR}-12-02", "document_number": "X", "settlement_value": 1}, format="json"
    )
    assert again.status_code == 400
    milestones = api.get("/api/construction/milestones/", {"project": pk}).json()["results"]
    assert [m["step"] for m in milestones] == ["approve", "start", "accept", "hand_over", "register_asset", "settle"]


def test_api_refuses_bad_input_with_field_errors(officer_construction, tree, works):
    api = api_for(officer_construction)
    bad = api.post(
        "/api/construction/projects/",
        {"name": "", "kind": "palace", "beneficiary_unit": 999999, "total_investment": -5, "planned_start": "hôm qua"},
        format="json",
    )
    assert bad.status_code == 400
    assert {"name", "kind", "beneficiary_unit", "planned_start", "planned_end", "location"} <= set(bad.json()["errors"])
    project = works.started()
    report = api.post(
        "/api/construction/progress-reports/",
        {"project": project.pk, "date": f"{YEAR}-03-01", "percent": 150},
        format="json",
    )
    assert report.status_code == 400 and "percent" in report.json()["errors"]
    assert not Project.objects.filter(name="").exists() and not ProgressReport.objects.exists()


def test_lists_filter_and_export(officer_construction, works, tree):
    late = works.started(
        name="Cải tạo trụ sở Công an xã Thái Học", unit=tree.commune_b1, planned_end=datetime.date(YEAR, 6, 30)
    )
    today = timezone.localdate()
    works.proposed(
        name="Sửa chữa nhà ăn Phòng Hậu cần",
        unit=tree.department,
        planned_start=today,
        planned_end=today + datetime.timedelta(days=365),
    )
    client = logged_in(officer_construction)
    listed = client.get(reverse("construction:project_list") + "?q=thai hoc")
    assert [row.record for row in listed.context["table"].page.object_list] == [late]
    overdue = client.get(reverse("construction:project_list") + "?overdue=true")
    assert [row.record.pk for row in overdue.context["table"].page.object_list] == [late.pk]
    rows = read_csv(client.get(reverse("construction:project_export") + "?format=csv&q=thai+hoc"))
    assert len(rows) == 2 and rows[1][0] == late.code
    workbook = openpyxl.load_workbook(
        io.BytesIO(b"".join(client.get(reverse("construction:project_export") + "?format=xlsx").streaming_content))
    )
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    total_column = header.index(str(Project._meta.get_field("total_investment").verbose_name).capitalize()) + 1
    assert sorted(sheet.cell(row=r, column=total_column).value for r in (2, 3)) == [2_000_000_000, 2_000_000_000]
    assert ExportLog.objects.filter(source="construction.project").count() == 2
    api_rows = read_csv(api_for(officer_construction).get("/api/construction/projects/?export=csv&overdue=true"))
    assert [row[0] for row in api_rows[1:]] == [late.code]
    for name in ("contract", "funding", "progressreport", "milestone", "payment"):
        assert client.get(reverse(f"construction:{name}_list")).status_code == 200
        assert client.get(reverse(f"construction:{name}_export") + "?format=csv").status_code == 200


def test_reports_as_pages_files_and_data(officer_construction, works, tree):
    works.accepted(kind="renovation")
    works.started(planned_end=datetime.date(YEAR, 6, 30))
    client = logged_in(officer_construction)
    completed = client.get(reverse("construction:report_completed") + f"?date_from=01/01/{YEAR}&date_to=31/12/{YEAR}")
    report = completed.context["report"]
    assert report.sections[0].totals["count"] == 1
    for url in (
        reverse("construction:report_works") + f"?year_from={YEAR}&year_to={YEAR}",
        reverse("construction:report_disbursement"),
        reverse("construction:report_overdue"),
    ):
        page = client.get(url)
        assert page.status_code == 200 and page.context["report"].sections
        for fmt in ("csv", "xlsx", "pdf"):
            assert client.get(url + ("&" if "?" in url else "?") + f"format={fmt}").status_code == 200
    assert client.get(reverse("construction:report_works") + "?year_from=abc").status_code == 200
    api = api_for(officer_construction)
    data = api.get("/api/construction/reports/overdue/").json()
    assert data["sections"][0]["rows"][0]["days"] > 0
    assert api.get("/api/construction/reports/works/", {"year_from": "x"}).status_code == 400
    works_data = api.get("/api/construction/reports/works/", {"year_from": YEAR, "year_to": YEAR}).json()
    assert works_data["sections"][0]["totals"]["count"] == 2
    assert (
        api.get(
            "/api/construction/reports/completed/", {"date_from": f"{YEAR}-01-01", "date_to": f"{YEAR}-12-31"}
        ).json()["sections"][0]["totals"]["count"]
        == 1
    )
    assert api.get("/api/construction/reports/disbursement/").status_code == 200


def test_every_report_figure_equals_the_list_behind_it(officer_construction, works, tree):
    works.accepted(kind="renovation", unit=tree.commune_a1)
    works.settled(unit=tree.commune_b1)
    works.started(unit=tree.department, planned_end=datetime.date(YEAR, 6, 30))
    works.proposed(unit=tree.commune_a2)
    client = logged_in(officer_construction)
    from construction import selectors

    reports = [
        selectors.works_report(user=officer_construction, year_from=YEAR - 1, year_to=YEAR),
        selectors.completed_report(
            user=officer_construction, date_from=datetime.date(YEAR, 1, 1), date_to=datetime.date(YEAR, 12, 31)
        ),
    ]
    checked = 0
    for report in reports:
        for section in report.sections:
            for row in [*section.rows, section.totals]:
                for key, url in (row.get("_links") or {}).items():
                    count = client.get(url).context["table"].paginator.count
                    assert count == row[key], (report.slug, section.title, key, url)
                    checked += 1
    assert checked > 30


def test_admin_lists_every_construction_model(admin_user, works):
    works.settled()
    client = logged_in(admin_user)
    for name in ("project", "contract", "funding", "progressreport", "milestone", "payment"):
        assert client.get(reverse(f"admin:construction_{name}_changelist")).status_code == 200
    project = Project.objects.get()
    assert client.get(reverse("admin:construction_project_change", args=[project.pk])).status_code == 200
    assert Contract.objects.count() == 1


def test_a_link_to_one_works_payments_keeps_the_work_as_a_hidden_filter(officer_construction, works, tree):
    """``?project=`` comes from the work's page: the list narrows, the panel hides the id field but
    keeps it when the officer filters further, and the API takes the same parameter."""
    first, second = works.started(), works.started()
    works.pay(first, 100_000_000)
    works.pay(second, 200_000_000)
    response = logged_in(officer_construction).get(reverse("construction:payment_list"), {"project": first.pk})
    assert response.context["row_count"] == 1
    page = response.content.decode()
    assert f'<input type="hidden" name="project" value="{first.pk}"' in page
    assert "Construction work (id)" not in page and 'for="id_project"' not in page
    units = logged_in(officer_construction).get(
        reverse("construction:project_list"), {"units": f"{tree.district_a.pk},{tree.commune_a1.pk}"}
    )
    assert units.context["row_count"] == 2
    assert f'name="units" value="{tree.district_a.pk},{tree.commune_a1.pk}"' in units.content.decode()
    api = api_for(officer_construction).get("/api/construction/payments/", {"project": second.pk}).json()
    assert [row["project"] for row in api["results"]] == [second.pk]
    refused = logged_in(officer_construction).get(reverse("construction:payment_list"), {"project": "abc"})
    assert refused.status_code == 200 and "Nhập một số" in refused.content.decode()
