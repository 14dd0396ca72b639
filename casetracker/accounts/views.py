"""The user's own two-factor page: enrol an authenticator, recovery codes, reset."""

import django_otp
from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from casetracker.accounts import twofactor
from casetracker.accounts.forms import EnrolForm, PasswordAndCodeForm


def _context(request: HttpRequest, **extra) -> dict:
    """The admin's page context, so these pages look and behave like the admin."""
    return {
        **admin.site.each_context(request),
        "title": gettext("Two-factor authentication"),
        "next_url": _next_url(request),
        "two_factor_required": twofactor.required(),
        **extra,
    }


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if allowed else ""


@never_cache
@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Enrolment for a user without an authenticator; the status and its actions otherwise."""
    user = request.user
    if twofactor.user_has_two_factor(user):
        return _status_page(request, PasswordAndCodeForm(user=user))

    device = twofactor.enrolment_device(user=user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = twofactor.two_factor_enrol(user=user, code=form.cleaned_data["otp_token"])
        except ValidationError as error:
            form.add_error("otp_token", error)
        else:
            # This session has just proved the second factor.
            django_otp.login(request, device)
            return _recovery_codes_page(request, codes, just_enrolled=True)
    return render(
        request,
        "accounts/two_factor_enrol.html",
        _context(
            request,
            form=form,
            qr_code=twofactor.qr_code_data_uri(device),
            secret=twofactor.base32_secret(device),
            otpauth_uri=device.config_url,
        ),
    )


@never_cache
@login_required
@require_POST
def two_factor_manage(request: HttpRequest) -> HttpResponse:
    """New recovery codes, or the authenticator removed (a lost phone: then enrol the new one).

    Either needs the password and a current code (or a recovery code).
    """
    user = request.user
    action = request.POST.get("action")
    if not twofactor.user_has_two_factor(user) or action not in {"recovery_codes", "disable"}:
        return redirect("accounts:two_factor")
    form = PasswordAndCodeForm(request.POST, user=user)
    if not form.is_valid():
        return _status_page(request, form)
    if action == "recovery_codes":
        return _recovery_codes_page(request, twofactor.recovery_codes_regenerate(user=user), just_enrolled=False)
    twofactor.two_factor_disable(user=user)
    messages.success(
        request, gettext("Two-factor authentication is off: your authenticator and recovery codes were removed.")
    )
    return redirect("accounts:two_factor")


def _status_page(request: HttpRequest, form: PasswordAndCodeForm) -> HttpResponse:
    return render(
        request,
        "accounts/two_factor_status.html",
        _context(request, form=form, recovery_codes_left=twofactor.recovery_codes_left(request.user)),
    )


def _recovery_codes_page(request: HttpRequest, codes: list[str], *, just_enrolled: bool) -> HttpResponse:
    # Shown once, in the response to the POST that made them; never stored for display.
    return render(
        request,
        "accounts/recovery_codes.html",
        _context(request, codes=codes, just_enrolled=just_enrolled),
    )
