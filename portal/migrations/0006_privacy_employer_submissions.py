"""The Datenschutzerklärung learns of employer submissions (SPEC §10): the form pages set
a CSRF cookie, and what happens to the contact address and for how long.

The seeded sentence "keine Cookies" is amended where it is still the seed's; the section
is added once (a page the operator rewrote keeps its text and gets the section appended).
The placeholder for the mail provider is added only to a page that still has the seed's
placeholders ("[BITTE ERGÄNZEN"): a finished, public page never gets one; its operator
names the provider there if one is used. Reversing removes exactly what this added.
"""

from django.db import migrations

SEED_COOKIES = "Das Portal setzt für Besucherinnen und Besucher **keine Cookies**,"
AMENDED_COOKIES = (
    "Das Portal setzt beim Lesen der Seiten **keine Cookies** (zur Ausnahme beim Einreichen "
    "von Stellenanzeigen siehe unten),"
)
HEADING = "## Stellenanzeigen einreichen"
# The seed's placeholders (portal 0002): while one is on the page, it is not finished.
PLACEHOLDER = "[BITTE ERGÄNZEN"
MAIL_PROVIDER = (
    "- **E-Mail-Versand:** [BITTE ERGÄNZEN: Anbieter des Mailservers mit Sitz, falls nicht "
    "selbst betrieben]\n"
)
FINISHED_SECTION = f"""

{HEADING}

Arbeitgeber können unter „Stellenanzeige einreichen“ (/stellen/einreichen/) selbst Stellen melden. Dabei gilt:

- **Cookie:** Nur die Seiten mit einem Formular (Einreichen, Bestätigen, Verwalten) setzen ein technisch notwendiges Sicherheits-Cookie („csrftoken“), das das Formular vor fremden Absendungen schützt (Art. 6 Abs. 1 lit. f DSGVO; § 25 Abs. 2 Nr. 2 TDDDG). Es ist ein Sitzungs-Cookie: Ihr Browser löscht es, wenn Sie ihn schließen. Es enthält keine Angaben zu Ihrer Person und wird nicht ausgewertet.
- **Kontaktadresse:** Die angegebene E-Mail-Adresse ist nie öffentlich. Wir nutzen sie nur, um den Bestätigungslink, die Entscheidung der Redaktion und den Link zum Verwalten der Anzeige zu schicken (Art. 6 Abs. 1 lit. a DSGVO, Ihre Einwilligung im Formular). Die Redaktion sieht sie bei der Prüfung. Sie können Ihre Einwilligung jederzeit widerrufen: Ziehen Sie die Anzeige über den Verwaltungslink zurück, löschen wir die Adresse sofort; geht das nicht mehr (etwa nach einer Ablehnung), genügt eine Nachricht an die oben genannte verantwortliche Stelle.
- **Löschung:** Bestätigen lässt sich eine Einreichung 48 Stunden lang; unbestätigte Einreichungen löschen wir danach bei der täglichen Bereinigung vollständig, spätestens 72 Stunden nach dem Absenden. Die Kontaktadresse löschen wir 30 Tage nach dem Ende der Anzeige (Ablauf oder Ablehnung, bei einem Rückzug durch die Redaktion), bei einer Anzeige, über die die Redaktion nicht entschieden hat, spätestens 90 Tage nach ihrer letzten Bestätigung oder Änderung; die Anzeige selbst bleibt als öffentliche Stellenanzeige bzw. im Archiv der Redaktion.
- **Missbrauchsschutz:** Um massenhafte Einreichungen zu begrenzen, zählen wir Einreichungen je Tag, je IP-Adresse (bei IPv6 je /64-Netz) und je Kontaktadresse. Die Adressen speichern wir dabei nicht, nur Prüfsummen (HMAC) mit einem zufälligen, täglich wechselnden Schlüssel, der nur für seinen Tag gilt und am Folgetag mit den Prüfsummen gelöscht wird; danach lässt sich keine Prüfsumme mehr einer Adresse zuordnen.
"""
SECTION = FINISHED_SECTION + MAIL_PROVIDER


def _section(body):
    return SECTION if PLACEHOLDER in body else FINISHED_SECTION


def add(apps, schema_editor):
    LegalPage = apps.get_model("portal", "LegalPage")
    for page in LegalPage.objects.filter(slug="datenschutz"):
        if HEADING in page.body:
            continue
        section = _section(page.body)
        page.body = page.body.replace(SEED_COOKIES, AMENDED_COOKIES).rstrip("\n") + section
        page.save(update_fields=["body"])


def remove(apps, schema_editor):
    LegalPage = apps.get_model("portal", "LegalPage")
    for page in LegalPage.objects.filter(slug="datenschutz"):
        for section in (SECTION, FINISHED_SECTION):
            page.body = page.body.replace(section, "\n")
        page.body = page.body.replace(AMENDED_COOKIES, SEED_COOKIES)
        page.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("portal", "0005_text_length_limits")]

    operations = [migrations.RunPython(add, remove)]
