from django.contrib import admin

from indicators.models import (
    FrameAdoption,
    FrameLevel1,
    FrameLevel2,
    IndicatorFrame,
    LibraryIndicator,
)


class FrameLevel1Inline(admin.TabularInline):
    model = FrameLevel1
    extra = 0


@admin.register(IndicatorFrame)
class IndicatorFrameAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "is_default")
    search_fields = ("code", "name")
    inlines = [FrameLevel1Inline]


class FrameLevel2Inline(admin.TabularInline):
    model = FrameLevel2
    extra = 0


@admin.register(FrameLevel1)
class FrameLevel1Admin(admin.ModelAdmin):
    list_display = ("name", "frame", "order")
    list_filter = ("frame",)
    search_fields = ("name",)
    inlines = [FrameLevel2Inline]


@admin.register(FrameLevel2)
class FrameLevel2Admin(admin.ModelAdmin):
    list_display = ("name", "level1", "order")
    list_filter = ("level1__frame", "level1__name")
    search_fields = ("name", "level1__name")
    list_select_related = ("level1__frame",)


@admin.register(FrameAdoption)
class FrameAdoptionAdmin(admin.ModelAdmin):
    list_display = ("region_code", "fiscal_year", "frame")
    list_filter = ("fiscal_year", "frame")
    search_fields = ("region_code",)


@admin.register(LibraryIndicator)
class LibraryIndicatorAdmin(admin.ModelAdmin):
    list_display = ("name", "level1", "level2", "value_example", "basis", "is_active")
    list_filter = ("level1", "level2", "is_active")
    list_editable = ("is_active",)
    search_fields = ("name", "description")
