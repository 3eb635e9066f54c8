"""What a visitor does, in a real browser: filter, compare, use the keyboard only."""

import pytest

pytestmark = pytest.mark.browser


def result_cities(page):
    return sorted(page.locator("#ergebnisse .result__meta").all_inner_texts())


def test_filter_by_salary_band_shows_the_right_cities(page, site):
    page.goto(f"{site}/regionen/")
    page.get_by_label("Berufserfahrung").select_option("einstieg")
    page.get_by_label("Gehalt mindestens (€ brutto/Monat)").fill("3.500")
    page.get_by_role("button", name="Filter anwenden").click()
    assert result_cities(page) == ["IT-Projektkoordinator:in · Duisburg"]
    assert "1 Profil gefunden" in page.locator(".result-count").inner_text()

    page.get_by_label("Berufserfahrung").select_option("einstieg")
    page.get_by_label("Gehalt mindestens (€ brutto/Monat)").fill("")
    page.get_by_label("Gehalt höchstens (€ brutto/Monat)").fill("3100")
    page.get_by_role("button", name="Filter anwenden").click()
    assert result_cities(page) == ["IT-Projektkoordinator:in · Oberhausen"]


def test_quick_filter_on_the_home_page(page, site):
    page.goto(f"{site}/")
    page.get_by_label("Berufserfahrung").select_option("erfahren")
    page.get_by_label("Gehalt mindestens (€ brutto/Monat)").fill("4700")
    page.get_by_role("button", name="Passende Städte zeigen").click()
    assert page.url.startswith(f"{site}/regionen/?")
    assert result_cities(page) == ["IT-Projektkoordinator:in · Duisburg"]


def test_open_a_comparison_from_a_profile(page, site):
    page.goto(f"{site}/berufe/it-projektkoordinator/duisburg/")
    page.get_by_role("link", name="Duisburg und Oberhausen vergleichen").click()
    assert page.locator("h1").inner_text() == (
        "IT-Projektkoordinator:in: Duisburg, Oberhausen im Vergleich"
    )
    assert page.locator("svg.range-chart title").text_content().startswith("Gehaltsspannen")
    assert page.locator("svg.range-chart rect").count() == 4
    assert "nur Duisburg" in page.locator("main").inner_text()


def test_comparison_picker_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/vergleich/")
    page.get_by_label("Beruf", exact=True).select_option("it-projektkoordinator")
    page.get_by_role("button", name="Weiter zur Städteauswahl").click()
    page.get_by_label("Duisburg").check()
    page.get_by_label("Oberhausen").check()
    page.get_by_role("button", name="Vergleichen").click()
    assert "Duisburg, Oberhausen im Vergleich" in page.locator("h1").inner_text()
    context.close()


def focused(page):
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return {tag: e.tagName, id: e.id, text: e.innerText || '',"
        " outline: getComputedStyle(e).outlineStyle}; }"
    )


def test_finder_with_the_keyboard_only(page, site):
    page.goto(f"{site}/regionen/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["text"] == "Zum Inhalt springen"
    assert page.locator(".skip-link").is_visible()
    assert first["outline"] != "none"  # a visible focus indicator
    page.keyboard.press("Enter")  # skip the header navigation

    # Tab to the level select, choose "Einstieg" with the arrow key.
    for _ in range(20):
        page.keyboard.press("Tab")
        if focused(page)["id"] == "id_stufe":
            break
    assert focused(page)["id"] == "id_stufe"
    assert focused(page)["outline"] != "none"
    page.keyboard.press("ArrowDown")
    assert page.locator("#id_stufe").input_value() == "einstieg"

    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_gehalt_min"
    page.keyboard.type("3500")
    page.keyboard.press("Enter")  # submits the form
    page.wait_for_url("**/regionen/?*")
    assert result_cities(page) == ["IT-Projektkoordinator:in · Duisburg"]

    # The tool choices open from the keyboard too.
    summary = page.locator("summary", has_text="Werkzeuge")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.get_by_label("SAP").is_visible()
    page.get_by_label("SAP").focus()
    page.keyboard.press("Space")
    assert page.get_by_label("SAP").is_checked()


def test_no_request_leaves_the_site_and_no_cookie_is_set(page, site):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for path in (
        "/",
        "/regionen/?stufe=einstieg&gehalt_min=3500",
        "/berufe/it-projektkoordinator/duisburg/",
    ):
        page.goto(f"{site}{path}")
    assert requested and all(url.startswith(site) for url in requested), requested
    assert page.context.cookies() == []


def test_filter_postings_by_salary_on_a_phone_and_open_one(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE")
    page = context.new_page()
    page.goto(f"{site}/")
    # Each click loads a page: wait for it, or the next line may read the one before.
    with page.expect_navigation():
        page.get_by_role("link", name="Stellen", exact=True).click()
    assert page.locator("h1").inner_text() == "Offene IT-Stellen"
    page.get_by_label("Gehalt mindestens (€ brutto/Monat)").fill("4.000")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter anwenden").click()
    assert "gehalt_min=4.000" in page.url or "gehalt_min=4000" in page.url
    titles = page.locator("#ergebnisse .result__title").all_inner_texts()
    assert titles == ["Beispiel-Stelle: IT-Projektkoordination (m/w/d)"]
    assert "1 offene Stelle gefunden" in page.locator(".result-count").inner_text()
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    with page.expect_navigation():
        page.locator("#ergebnisse .result__title a").click()
    assert page.locator("h1").inner_text() == "Beispiel-Stelle: IT-Projektkoordination (m/w/d)"
    assert "Gehalt über der Spanne" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="bewerbung@example.org").is_visible()
    context.close()


def test_postings_with_the_keyboard_only(page, site):
    page.goto(f"{site}/stellen/")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Zum Inhalt springen"
    page.keyboard.press("Enter")
    for _ in range(20):
        page.keyboard.press("Tab")
        if focused(page)["id"] == "id_gehalt_min":
            break
    assert focused(page)["id"] == "id_gehalt_min"
    assert focused(page)["outline"] != "none"
    page.keyboard.type("3700")
    page.keyboard.press("Enter")  # submits the form
    page.wait_for_url("**/stellen/?*")
    titles = page.locator("#ergebnisse .result__title").all_inner_texts()
    assert titles == [
        "Beispiel-Stelle: IT-Projektkoordination (m/w/d)",
        "IT-Projektkoordinator:in (m/w/d)",
    ]

    # The workplace choices open from the keyboard; Tab then reaches the first posting.
    summary = page.locator("summary", has_text="Arbeitsort")
    summary.focus()
    page.keyboard.press("Enter")
    page.get_by_label("Remote").focus()
    page.keyboard.press("Space")
    assert page.get_by_label("Remote").is_checked()
    page.get_by_role("button", name="Filter anwenden").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**arbeitsort=remote*")
    link = page.locator("#ergebnisse .result__title a")
    assert link.count() == 1
    link.focus()
    assert focused(page)["outline"] != "none"
    page.keyboard.press("Enter")
    page.wait_for_url("**/stellen/9002-**")
    assert "Remote" in page.locator("main").inner_text()


def test_postings_pages_request_nothing_elsewhere_and_set_no_cookie(page, site):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for path in ("/stellen/?gehalt_min=3000", "/stellen/9001/", "/regionen/duisburg/"):
        page.goto(f"{site}{path}")
    assert requested and all(url.startswith(site) for url in requested), requested
    assert page.context.cookies() == []
