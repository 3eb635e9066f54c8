from django.contrib import admin

from common.editorial import ContentAdmin, public_link
from portal.models import LegalPage


@admin.register(LegalPage)
class LegalPageAdmin(ContentAdmin):
    list_display = ["title", "slug", "updated_at", public_link]
    fields = ["slug", "title", "body"]
    readonly_fields = ["updated_at"]
