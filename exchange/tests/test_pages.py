"""Import pages: who may open them, the upload → preview → commit flow, templates, error report."""

from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real
from openpyxl import load_workbook

from accounts.scope import scope_for_user
from exchange.importers import IMPORTERS
from exchange.models import ImportJob, ImportKind, ImportStatus
from exchange.tests.helpers import errors_of, run, upload, xlsx
from organizations.models import Organization

pytestmark = pytest.mark.django_db

VILLAGES = xlsx(["区划代码", "名称"], [["350725100203", "熊山新村"], ["350725100204", "熊山二村"]])
BAD_VILLAGES = xlsx(["区划代码", "名称"], [["350725100203", "熊山新村"], ["3507251002", "短代码"]])


def _upload(client, data: bytes, kind: str = "villages"):
    return client.post(reverse("exchange:import_start"), {"kind": kind, "file": upload(data)})


def test_only_admins_can_open_the_import_pages(persona_client, personas):
    admin_job = ImportJob.objects.create(user=personas.county_admin, kind=ImportKind.VILLAGES, file="x.xlsx")
    anonymous = persona_client.persona == "anonymous"
    urls = [
        reverse("exchange:import_start"),
        reverse("exchange:template", args=["members"]),
    ]
    for url in urls:
        response = persona_client.get(url)
        if anonymous:  # the public is sent to sign in, like everywhere but the public pages
            assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
            continue
        assert response.status_code == (
            200 if persona_client.persona in {"county_admin", "township_admin_a", "village_admin_b"} else 404
        )
    job_urls = [
        reverse("exchange:job", args=[admin_job.pk]),
        reverse("exchange:job_progress", args=[admin_job.pk]),
        reverse("exchange:job_errors", args=[admin_job.pk]),
    ]
    for url in job_urls:
        # A job is its uploader's: another admin sees a 404 just like a non-admin (the progress fragment,
        # opened directly, leads to the job's page); the public is sent to sign in.
        response = persona_client.get(url, follow=True)
        if anonymous:
            assert response.redirect_chain[0][0].startswith(reverse("accounts:login"))
            continue
        assert response.status_code == (200 if persona_client.persona == "county_admin" else 404)
        assert persona_client.get(url, HTTP_HX_REQUEST="true").status_code == response.status_code
    assert persona_client.post(reverse("exchange:job_commit", args=[admin_job.pk])).status_code in (
        {302} if persona_client.persona in ("county_admin", "anonymous") else {404}
    )
    admin_job.refresh_from_db()
    assert admin_job.status == ImportStatus.UPLOADED or persona_client.persona == "county_admin"


def test_upload_previews_then_commit_writes(client, personas):
    client.force_login(personas.township_admin_a)
    before = Organization.objects.count()
    response = _upload(client, VILLAGES)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("exchange:job", args=[job.pk])
    assert job.status == ImportStatus.PREVIEWED and (job.total_rows, job.created_count, job.error_count) == (2, 2, 0)
    page = client.get(response.url).content.decode()
    assert "确认导入" in page and "熊山二村" in page
    assert Organization.objects.count() == before
    response = client.post(reverse("exchange:job_commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.created_count == 2
    assert Organization.objects.count() == before + 2
    # Committing again is refused: the job is done.
    client.post(reverse("exchange:job_commit", args=[job.pk]))
    assert Organization.objects.count() == before + 2


def test_preview_with_errors_shows_them_and_offers_no_commit(client, personas):
    client.force_login(personas.county_admin)
    _upload(client, BAD_VILLAGES)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.PREVIEWED and job.error_count == 1
    page = client.get(reverse("exchange:job", args=[job.pk])).content.decode()
    assert "确认导入" not in page
    assert "应为 12 位数字" in page
    client.post(reverse("exchange:job_commit", args=[job.pk]))
    assert not Organization.objects.filter(code="350725100203").exists()
    report = client.get(reverse("exchange:job_errors", args=[job.pk]))
    sheet = load_workbook(BytesIO(report.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("行号", "记录", "列", "错误")
    assert rows[1][0] == 3 and rows[1][2] == "区划代码"


def test_upload_refuses_files_that_are_not_xlsx(client, personas):
    client.force_login(personas.county_admin)
    response = client.post(reverse("exchange:import_start"), {"kind": "villages", "file": upload(b"a,b", "x.csv")})
    assert response.status_code == 200 and ".xlsx" in response.content.decode()
    assert ImportJob.objects.count() == 0


@pytest.mark.parametrize("kind", list(IMPORTERS))
def test_template_has_the_headers_an_example_and_a_help_sheet(kind, client, personas):
    client.force_login(personas.county_admin)
    response = client.get(reverse("exchange:template", args=[kind]))
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames[1] == "说明"
    headers = [cell.value for cell in workbook.worksheets[0][1]]
    assert headers == [f.header for f in IMPORTERS[kind].fields]
    help_rows = list(workbook["说明"].iter_rows(min_row=2, max_row=len(headers) + 1, values_only=True))
    assert [(r[0], r[1]) for r in help_rows] == [(f.header, f.header_en) for f in IMPORTERS[kind].fields]


@pytest.mark.parametrize("kind", ["townships", "villages", "party_groups", "members", "households"])
def test_the_template_example_row_imports_cleanly(kind, county, personas, client):
    client.force_login(personas.county_admin)
    content = client.get(reverse("exchange:template", args=[kind])).content
    report = run(kind, content, user=personas.county_admin)
    assert errors_of(report) == []


def test_row_errors_come_from_gettext_in_the_users_language(county, personas, monkeypatch):
    message = "不在您的管辖范围内。"
    data = xlsx(["区划代码", "名称"], [["350725101202", "东平新村"]])
    with translation.override("zh-hans"):
        assert errors_of(run("villages", data, user=personas.township_admin_a))[0][2] == message
    # The English catalogue may not be compiled yet: give it this one entry for the test.
    english = trans_real.translation("en")
    original = english.gettext
    monkeypatch.setattr(english, "gettext", lambda m: "Outside your jurisdiction." if m == message else original(m))
    with translation.override("en"):
        assert errors_of(run("villages", data, user=personas.township_admin_a))[0][2] == "Outside your jurisdiction."


def test_job_page_query_count_does_not_grow_with_rows(client, personas, django_assert_max_num_queries):
    client.force_login(personas.county_admin)
    rows = [[f"350725100{300 + i}", f"村{i}"] for i in range(300)] + [["1", "坏行"]] * 150
    _upload(client, xlsx(["区划代码", "名称"], rows))
    job = ImportJob.objects.get()
    assert job.error_count == 150
    with django_assert_max_num_queries(12):
        page = client.get(reverse("exchange:job", args=[job.pk]))
    content = page.content.decode()
    assert "第 1 / 2 页" in content  # errors paginated
    assert content.count('class="tag green"') <= 201  # only the first 200 good rows are listed


def test_progress_fragment_polls_while_running_and_refreshes_when_done(client, personas):
    client.force_login(personas.county_admin)
    job = ImportJob.objects.create(
        user=personas.county_admin,
        kind=ImportKind.MEMBERS,
        file="x.xlsx",
        status=ImportStatus.COMMITTING,
        total_rows=200,
        processed_rows=50,
    )
    fragment = client.get(reverse("exchange:job_progress", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in fragment and '<progress class="progress" max="100" value="25">' in fragment
    job.status = ImportStatus.DONE
    job.save()
    response = client.get(reverse("exchange:job_progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert response.headers.get("HX-Refresh") == "true"


def test_commit_checks_the_file_again_and_writes_nothing_if_it_no_longer_passes(client, personas):
    client.force_login(personas.township_admin_a)
    _upload(client, VILLAGES)
    job = ImportJob.objects.get()
    assert job.can_commit
    # Between preview and commit the user loses the township: the commit runs in the new scope.
    personas.township_admin_a.roles.all().delete()
    personas.township_admin_a.roles.create(
        role="village_admin", organization=Organization.objects.get(code="350725100201")
    )
    before = Organization.objects.count()
    client.post(reverse("exchange:job_commit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.error_count == 2
    assert Organization.objects.count() == before


def test_files_over_the_row_limit_are_refused(county, personas):
    importer = IMPORTERS["villages"](scope=scope_for_user(personas.county_admin))
    report = importer.run(BytesIO(VILLAGES), commit=False, max_rows=1)
    assert report.file_errors and "1" in report.file_errors[0]
