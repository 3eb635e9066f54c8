from django.contrib import admin

from regions.models import CareerProfile, ProfileSection, Region, SalaryBand, Sector, Source


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "area", "state"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class SalaryBandInline(admin.TabularInline):
    model = SalaryBand
    extra = 0


class ProfileSectionInline(admin.StackedInline):
    model = ProfileSection
    extra = 0


class SourceInline(admin.TabularInline):
    model = Source
    extra = 0


@admin.register(CareerProfile)
class CareerProfileAdmin(admin.ModelAdmin):
    list_display = ["title", "occupation", "region", "published", "as_of", "updated_at"]
    list_filter = ["published", "occupation", "region"]
    search_fields = ["title", "region__name", "occupation__name"]
    autocomplete_fields = ["tools", "sectors", "certifications", "skills"]
    inlines = [SalaryBandInline, ProfileSectionInline, SourceInline]
