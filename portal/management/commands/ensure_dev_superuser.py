from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"
PASSWORD = "admin"  # noqa: S105 - local development only, refused without DEBUG


class Command(BaseCommand):
    help = "Legt für die lokale Entwicklung ein Konto admin/admin an, falls es noch keins gibt."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Nur mit DJANGO_DEBUG=1: ein Konto admin/admin gehört nie in Betrieb."
            )
        users = get_user_model().objects
        if users.filter(is_superuser=True).exists():
            return
        users.create_superuser(USERNAME, "", PASSWORD)
        self.stdout.write(f"Konto für /admin/ angelegt: Benutzer {USERNAME}, Passwort {PASSWORD}")
