from django.contrib import admin
from django.urls import path

admin.site.site_header = "Revier IT-Karriere – Redaktion"
admin.site.site_title = "Revier IT-Karriere"
admin.site.index_title = "Inhalte pflegen"

urlpatterns = [
    path("admin/", admin.site.urls),
]

handler500 = "portal.errors.server_error"
