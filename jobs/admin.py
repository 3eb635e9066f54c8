from django.contrib import admin

from jobs.models import Certification, Occupation, Skill, Tool


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tool, Certification, Skill)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
