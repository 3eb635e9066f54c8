"""An editor corrects a salary band in the admin; visitors see it at their next request."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from common.text import format_eur_range

pytestmark = pytest.mark.browser

PROFILE = "/berufe/it-projektkoordinator/duisburg/"
COMPARISON = "/vergleich/?beruf=it-projektkoordinator&region=oberhausen&region=duisburg"


def test_editor_changes_a_band_and_visitors_see_it(browser, site, settings):
    settings.PAGE_CACHE_ENABLED = True
    get_user_model().objects.create_superuser("chefin", "", "ein-langes-passwort")
    visitor = browser.new_context()
    public = visitor.new_page()
    before, after = format_eur_range(4000, 5000), format_eur_range(4000, 5200)
    public.goto(site + PROFILE)  # now in the page cache
    assert before in public.inner_text("main")
    public.goto(site + COMPARISON)
    assert before in public.inner_text("main")

    editor = browser.new_context()
    admin = editor.new_page()
    refused = []
    admin.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    admin.goto(site + "/admin/")
    admin.get_by_label("Benutzername").fill("chefin")
    admin.get_by_label("Passwort").fill("ein-langes-passwort")
    admin.get_by_role("button", name="Anmelden").click()
    admin.get_by_role("link", name="Berufsprofile", exact=True).click()
    admin.get_by_role("link", name="IT-Projektkoordinator:in in Duisburg").click()
    row = admin.locator("tr.form-row").filter(
        has=admin.locator("select[name$='-level'] option[selected][value='experienced']")
    )
    row.locator("input[name$='-max_eur']").fill("5200")
    admin.get_by_role("button", name="Sichern", exact=True).click()
    # expect() waits for the page after the save; reading the body at once can catch the
    # blank document of the navigation on a busy machine.
    expect(admin.locator("ul.messagelist")).to_contain_text("erfolgreich geändert")
    assert refused == []

    public.goto(site + PROFILE)
    text = public.inner_text("main")
    assert after in text and before not in text
    public.goto(site + COMPARISON)
    text = public.inner_text("main")
    assert after in text and before not in text
    visitor.close()
    editor.close()
