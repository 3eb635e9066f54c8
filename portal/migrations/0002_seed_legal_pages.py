"""Seed the two legal pages with a skeleton the operator must complete before going live.

The placeholders are marked with "[BITTE ERGÄNZEN: …]" so they are easy to find. Reversing
removes only pages that still contain such a placeholder, so finished texts survive.
"""

from django.db import migrations

MARKER = "[BITTE ERGÄNZEN"

IMPRINT = """\
> **Hinweis für den Betrieb:** Dieser Text ist eine Vorlage. Alle Stellen mit „[BITTE ERGÄNZEN: …]“ müssen vor dem Start ausgefüllt und dieser Hinweis gelöscht werden.

## Angaben gemäß § 5 DDG

[BITTE ERGÄNZEN: Name des Betreibers oder der Firma mit Rechtsform]
[BITTE ERGÄNZEN: Straße und Hausnummer]
[BITTE ERGÄNZEN: Postleitzahl und Ort]

## Kontakt

E-Mail: [BITTE ERGÄNZEN: E-Mail-Adresse]
Telefon: [BITTE ERGÄNZEN: Telefonnummer]

## Vertretungsberechtigt

[BITTE ERGÄNZEN: vertretungsberechtigte Person(en)]

## Registereintrag und Umsatzsteuer

[BITTE ERGÄNZEN: Registergericht und Registernummer sowie USt-IdNr., falls vorhanden]

## Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV

[BITTE ERGÄNZEN: Name und Anschrift der redaktionell verantwortlichen Person]

## Zu den Gehaltsangaben

Die Gehaltsspannen auf diesem Portal sind redaktionell zusammengetragene Richtwerte (Bruttomonatsgehalt in Euro) mit Stand und Quelle. Sie ersetzen keine individuelle Beratung; im Einzelfall kann das Gehalt deutlich abweichen.
"""

PRIVACY = """\
> **Hinweis für den Betrieb:** Dieser Text ist eine Vorlage. Alle Stellen mit „[BITTE ERGÄNZEN: …]“ müssen vor dem Start ausgefüllt, rechtlich geprüft und dieser Hinweis gelöscht werden.

## Verantwortliche Stelle

[BITTE ERGÄNZEN: Name und Anschrift des Betreibers, E-Mail-Adresse für Datenschutzanfragen]

## Was beim Besuch dieser Seiten passiert

Das Portal setzt für Besucherinnen und Besucher **keine Cookies**, bindet **keine Inhalte anderer Anbieter** ein (keine Schriften, keine Skripte, keine Karten) und verwendet **keine Analyse- oder Werbedienste**. Filter und Vergleiche stehen nur in der Adresse der Seite und werden nicht gespeichert.

## Server-Protokolle

Der Server verarbeitet technisch notwendige Daten wie IP-Adresse, Zeitpunkt, aufgerufene Adresse und Browserkennung, um die Seiten auszuliefern und Angriffe abzuwehren (Art. 6 Abs. 1 lit. f DSGVO). [BITTE ERGÄNZEN: Speicherdauer der Protokolle und Hosting-Anbieter mit Sitz]

## Ihre Rechte

Sie haben das Recht auf Auskunft, Berichtigung, Löschung und Einschränkung der Verarbeitung, auf Widerspruch sowie auf Beschwerde bei einer Datenschutz-Aufsichtsbehörde. [BITTE ERGÄNZEN: zuständige Aufsichtsbehörde]
"""

PAGES = [
    ("impressum", "Impressum", IMPRINT),
    ("datenschutz", "Datenschutzerklärung", PRIVACY),
]


def seed(apps, schema_editor):
    LegalPage = apps.get_model("portal", "LegalPage")
    for slug, title, body in PAGES:
        LegalPage.objects.get_or_create(slug=slug, defaults={"title": title, "body": body})


def unseed(apps, schema_editor):
    LegalPage = apps.get_model("portal", "LegalPage")
    LegalPage.objects.filter(body__contains=MARKER).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
