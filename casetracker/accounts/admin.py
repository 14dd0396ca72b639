from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from casetracker.accounts.forms import SignInForm
from casetracker.accounts.models import LawyerProfile, User
from casetracker.audit.admin_formsets import ParentScopedFormSet, ScopedStackedInline

# One sign-in step for password and authentication code, on the default admin site:
# no site class is swapped, so every `admin.site.register` elsewhere stays as it is.
admin.site.login_form = SignInForm
admin.site.login_template = "accounts/login.html"


class LawyerProfileFormSet(ParentScopedFormSet):
    foreign_record_message = _("This profile does not belong to this user.")


class LawyerProfileInline(ScopedStackedInline):
    formset = LawyerProfileFormSet
    model = LawyerProfile
    can_delete = False
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [LawyerProfileInline]
    list_display = ["username", "first_name", "last_name", "email", "is_staff", "is_active", "roles"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("roles"))
    def roles(self, user: User) -> str:
        return ", ".join(group.name for group in user.groups.all())
