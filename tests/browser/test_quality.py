"""axe-core and the Nu Html Checker on every public page."""

import json
import shutil
import subprocess

import pytest

from tests.browser.conftest import PUBLIC_PAGES, VNU_JAR, require

pytestmark = pytest.mark.browser


@pytest.fixture
def audit_page(browser):
    # The site's CSP rightly refuses the injected axe script; only this audit may pass it.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_axe_reports_no_violation(audit_page, site, axe_source, path):
    audit_page.goto(f"{site}{path}")
    audit_page.add_script_tag(content=axe_source)
    result = audit_page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    problems = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} – "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in result["violations"]
    ]
    assert problems == [], "\n".join(problems)


def test_no_page_breaks_its_content_security_policy(page, site):
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    for path in PUBLIC_PAGES:
        page.goto(f"{site}{path}")
    assert refused == []


@pytest.mark.parametrize("width", [360, 390])
def test_narrow_phones_need_no_horizontal_scrolling(browser, site, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    for path in PUBLIC_PAGES:
        page.goto(f"{site}{path}")
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} is {overflow}px too wide at {width}px"
    context.close()


def test_nu_html_checker_finds_no_error(client, ruhr_postings, tmp_path):
    java = shutil.which("java")
    require(java, "no java (the Nu Html Checker needs Java 17 or newer)")
    require(VNU_JAR.exists(), "node_modules/vnu-jar missing (npm ci)")
    files = []
    for index, path in enumerate(PUBLIC_PAGES):
        response = client.get(path)
        target = tmp_path / f"page-{index:02d}.html"
        target.write_bytes(response.content)
        files.append((str(target), path))
    completed = subprocess.run(  # noqa: S603 - fixed command, our own files
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *(f for f, _ in files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(completed.stderr or completed.stdout or '{"messages": []}')["messages"]
    names = dict(files)
    problems = [
        f"{names.get(m.get('url', '').removeprefix('file:'), m.get('url'))}:"
        f"{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]
    assert problems == [], "\n".join(problems)
