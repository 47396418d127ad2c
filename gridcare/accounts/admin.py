from django.contrib import admin

from gridcare.accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["__str__", "email", "phone", "role", "branch", "is_active"]
    list_filter = ["role", "branch", "is_active"]
    search_fields = ["email", "phone", "full_name"]
    exclude = ["password"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "created_at", "last_used_at", "revoked_at"]
    exclude = ["key_hash"]
