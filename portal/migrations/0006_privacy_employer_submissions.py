"""The Datenschutzerklärung learns of employer submissions (SPEC §10): the form pages set
a CSRF cookie, and what happens to the contact address and for how long.

The seeded sentence "keine Cookies" is amended where it is still the seed's; the section
is added once (a page the operator rewrote keeps its text and gets the section appended).
Reversing removes exactly what this added.
"""

from django.db import migrations

SEED_COOKIES = "Das Portal setzt für Besucherinnen und Besucher **keine Cookies**,"
AMENDED_COOKIES = (
    "Das Portal setzt beim Lesen der Seiten **keine Cookies** (zur Ausnahme beim Einreichen "
    "von Stellenanzeigen siehe unten),"
)
HEADING = "## Stellenanzeigen einreichen"
SECTION = f"""

{HEADING}

Arbeitgeber können unter „Stellenanzeige einreichen“ (/stellen/einreichen/) selbst Stellen melden. Dabei gilt:

- **Cookie:** Nur die Seiten mit einem Formular (Einreichen, Bestätigen, Verwalten) setzen ein technisch notwendiges Sicherheits-Cookie („csrftoken“), das das Formular vor fremden Absendungen schützt (Art. 6 Abs. 1 lit. f DSGVO; § 25 Abs. 2 Nr. 2 TDDDG). Es enthält keine Angaben zu Ihrer Person und wird nicht ausgewertet.
- **Kontaktadresse:** Die angegebene E-Mail-Adresse ist nie öffentlich. Wir nutzen sie nur, um den Bestätigungslink, die Entscheidung der Redaktion und den Link zum Verwalten der Anzeige zu schicken (Art. 6 Abs. 1 lit. a DSGVO, Ihre Einwilligung im Formular; Sie können sie jederzeit widerrufen, indem Sie die Anzeige zurückziehen). Die Redaktion sieht sie bei der Prüfung.
- **Löschung:** Unbestätigte Einreichungen löschen wir nach 48 Stunden vollständig. Die Kontaktadresse löschen wir 30 Tage nach dem Ende der Anzeige (Ablauf, Rückzug oder Ablehnung); die Anzeige selbst bleibt als öffentliche Stellenanzeige bzw. im Archiv der Redaktion.
- **Missbrauchsschutz:** Um massenhafte Einreichungen zu begrenzen, zählen wir Einreichungen je IP-Adresse und Tag. Die Adresse speichern wir dabei nicht, nur eine Prüfsumme (HMAC) mit einem täglich wechselnden Schlüssel; sie lässt sich nicht zurückrechnen und wird nach ihrem Tag gelöscht.
- **E-Mail-Versand:** [BITTE ERGÄNZEN: Anbieter des Mailservers mit Sitz, falls nicht selbst betrieben]
"""


def add(apps, schema_editor):
    LegalPage = apps.get_model("portal", "LegalPage")
    for page in LegalPage.objects.filter(slug="datenschutz"):
        if HEADING in page.body:
            continue
        page.body = page.body.replace(SEED_COOKIES, AMENDED_COOKIES).rstrip("\n") + SECTION
        page.save(update_fields=["body"])


def remove(apps, schema_editor):
    LegalPage = apps.get_model("portal", "LegalPage")
    for page in LegalPage.objects.filter(slug="datenschutz"):
        page.body = page.body.replace(SECTION, "\n").replace(AMENDED_COOKIES, SEED_COOKIES)
        page.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [("portal", "0005_text_length_limits")]

    operations = [migrations.RunPython(add, remove)]
