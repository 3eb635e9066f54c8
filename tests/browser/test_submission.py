"""An employer fills in the submission form on a phone (390 px), checks the preview, goes
back to change something, and submits; only the form pages set a cookie, the CSRF one."""

import pytest

pytestmark = pytest.mark.browser


def no_overflow(page):
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_submission_form_with_preview_on_a_phone(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE")
    page = context.new_page()
    page.goto(f"{site}/stellen/")
    assert context.cookies() == []
    page.get_by_role("link", name="Stellenanzeige kostenlos einreichen").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Stellenanzeige einreichen"
    assert no_overflow(page) <= 0
    # The honeypot is there for bots only.
    assert page.locator("#id_fax").count() == 1 and not page.locator("#id_fax").is_visible()

    page.get_by_label("Stellentitel").fill("IT-Projektkoordinator:in (m/w/d)")
    page.get_by_label("Arbeitgeber", exact=True).fill("Hafen Duisburg GmbH")
    page.get_by_label("Beruf", exact=True).select_option(label="IT-Projektkoordinator:in")
    page.get_by_label("Region").select_option(label="Duisburg")
    page.get_by_label("Stufe").select_option("entry")
    page.get_by_label("Gehalt von (€)").fill("3300")
    page.get_by_label("Gehalt bis (€)").fill("7000")
    page.get_by_label("Arbeitsort").select_option("hybrid")
    page.get_by_label("Beschreibung").fill("Sie koordinieren **IT-Projekte** im Hafen.")
    page.get_by_label("Bewerbung über (Web-Adresse)").fill("https://hafen.example/bewerben")
    page.get_by_label("Ihre E-Mail-Adresse (wird nicht veröffentlicht)").fill(
        "personal@firma.example"
    )
    page.get_by_label("Ich willige ein", exact=False).check()
    page.get_by_role("button", name="Weiter zur Vorschau").click()
    page.wait_for_load_state()
    # The rule as a German message at the field, the field marked for assistive technology.
    assert "höchstens doppelt so hoch" in page.locator("#id_max_eur_error").inner_text()
    assert page.get_by_label("Gehalt bis (€)").get_attribute("aria-invalid") == "true"

    page.get_by_label("Gehalt bis (€)").fill("3700")
    page.get_by_role("button", name="Weiter zur Vorschau").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Vorschau Ihrer Stellenanzeige"
    assert "Gehalt innerhalb der Spanne" in page.locator("main").inner_text()
    assert no_overflow(page) <= 0

    page.get_by_role("button", name="Ändern").click()
    page.wait_for_load_state()
    assert page.get_by_label("Arbeitgeber", exact=True).input_value() == "Hafen Duisburg GmbH"
    assert page.get_by_label("Ich willige ein", exact=False).is_checked()
    page.get_by_label("Arbeitgeber", exact=True).fill("Hafen Duisburg AG")
    page.get_by_role("button", name="Weiter zur Vorschau").click()
    page.wait_for_load_state()
    assert "Hafen Duisburg AG" in page.locator("main").inner_text()

    page.get_by_role("button", name="Absenden").click()
    page.wait_for_load_state()
    assert "Bitte prüfen Sie Ihr Postfach" in page.locator("h1").inner_text()
    assert [cookie["name"] for cookie in context.cookies()] == ["csrftoken"]
    assert no_overflow(page) <= 0
    context.close()


def axe_problems(page, axe_source):
    page.add_script_tag(content=axe_source)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} – "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in result["violations"]
    ]


def test_axe_finds_nothing_on_the_submission_pages(browser, site, axe_source):
    from common.text import today
    from jobs import links, services
    from jobs.models import JobPosting

    # The site's CSP rightly refuses the injected axe script; only this audit may pass it.
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{site}/stellen/einreichen/")
    page.get_by_role("button", name="Weiter zur Vorschau").click()
    page.wait_for_load_state()
    assert page.locator(".errorlist").count() > 3
    assert axe_problems(page, axe_source) == [], "the form with errors"

    page.get_by_label("Stellentitel").fill("IT-Projektkoordinator:in (m/w/d)")
    page.get_by_label("Arbeitgeber", exact=True).fill("Hafen Duisburg GmbH")
    page.get_by_label("Beruf", exact=True).select_option(label="IT-Projektkoordinator:in")
    page.get_by_label("Region").select_option(label="Duisburg")
    page.get_by_label("Stufe").select_option("entry")
    page.get_by_label("Gehalt von (€)").fill("3300")
    page.get_by_label("Gehalt bis (€)").fill("3700")
    page.get_by_label("Arbeitsort").select_option("hybrid")
    page.get_by_label("Beschreibung").fill("Sie koordinieren **IT-Projekte**.")
    page.get_by_label("Bewerbung an (E-Mail)").fill("jobs@hafen.example")
    page.get_by_label("Ihre E-Mail-Adresse (wird nicht veröffentlicht)").fill("p@firma.example")
    page.get_by_label("Ich willige ein", exact=False).check()
    page.get_by_role("button", name="Weiter zur Vorschau").click()
    page.wait_for_load_state()
    assert axe_problems(page, axe_source) == [], "the preview"
    page.get_by_role("button", name="Absenden").click()
    page.wait_for_load_state()
    assert axe_problems(page, axe_source) == [], "the thank-you page"

    posting = JobPosting.objects.get(contact_email="p@firma.example")
    page.goto(f"{site}/stellen/bestaetigen/{links.confirmation_token(posting)}/")
    assert axe_problems(page, axe_source) == [], "the confirmation page"
    page.get_by_role("button", name="Jetzt bestätigen").click()
    page.wait_for_load_state()
    assert "In Prüfung" in page.locator("#status").inner_text()
    posting.refresh_from_db()
    posting.approve(today())
    posting.save()
    page.reload()
    assert page.get_by_role("button", name="Verlängern").count() == 1
    assert axe_problems(page, axe_source) == [], "the management page"
    page.goto(f"{site}/stellen/verwalten/kaputt/")
    assert axe_problems(page, axe_source) == [], "a broken link's page"
    assert services.can_withdraw(posting)
    context.close()
