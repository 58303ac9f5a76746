"""The examples of docs/api.md run: every fenced Python block, then every curl block, against a live server.

The blocks are read from the document as they stand, so an example that stops working (an endpoint
renamed, a field gone, a body changed) fails here. ``XF`` and ``XF_TOKEN`` are the live server's URL and
a read-write token of the county admin of the test county (code 350725, the demo's; its village A1 is
350725100201, the village the examples push members into).
"""

import contextlib
import io
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from api.tokens import token_create
from people.models import MembershipStatus, PartyMembership

pytestmark = pytest.mark.django_db(transaction=True)

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
BLOCK_RE = re.compile(r"^```(python|sh)\n(.*?)^```$", re.S | re.M)


def blocks(language: str) -> list[str]:
    return [code for lang, code in BLOCK_RE.findall(DOC.read_text(encoding="utf-8")) if lang == language]


def test_the_document_has_examples_to_run():
    assert len(blocks("python")) >= 3 and len([b for b in blocks("sh") if "curl" in b]) >= 3


def test_the_python_and_curl_examples_of_docs_api_md_run(live_server, county, personas, tmp_path, monkeypatch):
    assert county.village_a1.code == "350725100201"
    _token, secret = token_create(user=personas.county_admin, name="docs", writable=True)
    monkeypatch.setenv("XF", live_server.url)
    monkeypatch.setenv("XF_TOKEN", secret)
    monkeypatch.chdir(tmp_path)

    namespace: dict[str, object] = {"__name__": "docs_api_example"}
    out = io.StringIO()
    for code in blocks("python"):
        with contextlib.redirect_stdout(out):
            exec(compile(code, str(DOC), "exec"), namespace)  # noqa: S102 - the document's own examples
    printed = out.getvalue()
    # Pulled the figures (in English, as the example asks), pushed 王五 with his membership, fetched findings.
    figures = re.findall(r"^([A-Za-z][^:\n]*): (\d[\d.]*|None) ", printed, re.M)
    assert len(figures) >= 5, printed
    assert "refused" not in printed, printed
    membership = PartyMembership.objects.select_related("person").get(person__name="王五")
    assert membership.status == MembershipStatus.FULL and membership.branch == county.village_a1
    saved = list(tmp_path.glob("findings-*.json"))
    assert len(saved) == 1
    findings = json.loads(saved[0].read_text(encoding="utf-8"))
    assert re.search(rf"^{findings['on']}: {findings['count']} findings, \d+ red$", printed, re.M), printed

    env = {**os.environ, "XF": live_server.url, "XF_TOKEN": secret}
    for code in blocks("sh"):
        if "curl" not in code:
            continue  # the setup block (export XF=…) names the demo's address; the test sets its own
        done = subprocess.run(  # noqa: S603 - the document's own examples
            ["/bin/bash", "-euo", "pipefail", "-c", code],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, f"{code}\n{done.stdout}\n{done.stderr}"
        assert "server error" not in done.stdout.lower()
