"""A third editable page: the accessibility statement (/barrierefreiheit/).

Seeded like the legal pages with "[BITTE ERGÄNZEN: …]" placeholders for what only the
operator knows (feedback address, response time, date). Reversing removes the page only
while it still contains a placeholder, so a finished text survives.
"""

from django.db import migrations, models

MARKER = "[BITTE ERGÄNZEN"
SLUG = "barrierefreiheit"
TITLE = "Erklärung zur Barrierefreiheit"

BODY = """\
> **Hinweis für den Betrieb:** Dieser Text ist eine Vorlage. Alle Stellen mit „[BITTE ERGÄNZEN: …]“ müssen vor dem Start ausgefüllt und dieser Hinweis gelöscht werden.

Revier IT-Karriere soll für alle gut nutzbar sein: mit der Tastatur, mit Bildschirmleser oder Vergrößerung, am Telefon wie am großen Bildschirm. Unser Maßstab sind die Web Content Accessibility Guidelines (WCAG) 2.1 in der Stufe AA.

## Was wir prüfen

Jede Änderung am Portal durchläuft automatische Prüfungen, bevor sie online geht:

- **axe-core** untersucht jede öffentliche Seite in einem echten Browser (Chromium); ein einziger gemeldeter Verstoß hält die Änderung auf.
- Der **Nu Html Checker** des W3C prüft das HTML jeder öffentlichen Seite; Fehler sind nicht erlaubt.
- **Lighthouse** bewertet Startseite, Profilsuche, ein Berufsprofil und einen Städtevergleich; verlangt sind 100 Punkte für Barrierefreiheit, Best Practices und Suchmaschinen sowie mindestens 95 für die Ladezeit.
- Ein automatischer Test bedient die Profilsuche **nur mit der Tastatur**. Es gibt einen Link „Zum Inhalt springen“, und der Tastaturfokus ist immer sichtbar.
- Die Seiten werden bei **360 und 390 Pixeln Breite** (Telefon) und bei 1280 Pixeln (Desktop) geladen; auf dem Telefon darf nichts seitlich überstehen.

Alle Seiten funktionieren ohne JavaScript. Jedes Diagramm hat eine Textbeschreibung, und seine Zahlen stehen zusätzlich in einer Tabelle.

## Was wir nicht geprüft haben

- Bisher hat **niemand das Portal getestet, der im Alltag einen Bildschirmleser** oder andere assistive Technik nutzt. Automatische Werkzeuge finden nur einen Teil der möglichen Barrieren.
- Eine Prüfung von Hand mit NVDA, JAWS, VoiceOver oder TalkBack steht noch aus.
- Der Redaktionsbereich (Anmeldung für das Redaktionsteam) ist nicht Teil dieser Prüfungen.
- Texte in Leichter Sprache und Videos in Gebärdensprache bieten wir nicht an.

## Barriere gefunden? Sagen Sie es uns

Wenn Ihnen etwas den Zugang erschwert, schreiben Sie uns bitte an [BITTE ERGÄNZEN: E-Mail-Adresse für Rückmeldungen zur Barrierefreiheit]. Hilfreich sind die Adresse der Seite und ein, zwei Sätze dazu, was nicht funktioniert hat. Wir antworten innerhalb von [BITTE ERGÄNZEN: Frist, etwa zwei Wochen].

## Stand dieser Erklärung

[BITTE ERGÄNZEN: Datum der Erklärung]. Die automatischen Prüfungen laufen bei jeder Änderung am Portal erneut.
"""


def seed(apps, schema_editor):
    LegalPage = apps.get_model("portal", "LegalPage")
    LegalPage.objects.get_or_create(slug=SLUG, defaults={"title": TITLE, "body": BODY})


def unseed(apps, schema_editor):
    LegalPage = apps.get_model("portal", "LegalPage")
    LegalPage.objects.filter(slug=SLUG, body__contains=MARKER).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_redaktion_edits_legal_pages")]

    operations = [
        migrations.AlterField(
            model_name="legalpage",
            name="slug",
            field=models.SlugField(
                choices=[
                    ("impressum", "Impressum"),
                    ("datenschutz", "Datenschutzerklärung"),
                    ("barrierefreiheit", "Erklärung zur Barrierefreiheit"),
                ],
                db_index=False,
                max_length=20,
                verbose_name="Seite",
            ),
        ),
        migrations.RunPython(seed, unseed),
    ]
