from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import User


@admin.register(User)
class MedewerkerAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("username", "first_name", "last_name")
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Rol", {"fields": ("role", "is_synthetic")}))
