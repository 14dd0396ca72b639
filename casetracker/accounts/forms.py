"""The sign-in form of the admin (password, then the two-factor code) and the 2FA page forms."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from casetracker.accounts import twofactor
from casetracker.accounts.lockout import lockout_message
from casetracker.accounts.models import User


def _code_field(*, required: bool, help_text: str) -> forms.CharField:
    return forms.CharField(
        label=_("Authentication code"),
        required=required,
        max_length=32,
        help_text=help_text,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


class SignInForm(AdminAuthenticationForm):
    """Username, password and, for a user with an authenticator, a code: one step.

    The lockout (django-axes) and a wrong code are reported on this form, so the
    login page always says why a sign-in was refused.
    """

    otp_token = _code_field(
        required=False,
        help_text=_(
            "The 6-digit code from your authenticator app, or one of your recovery codes. "
            "Leave it empty if you have not set up two-factor authentication yet."
        ),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "code_required": _("Enter the 6-digit code from your authenticator app, or a recovery code."),
        "invalid_code": _("That authentication code is not right, or it has already been used."),
    }

    def clean(self):
        try:
            cleaned_data = super().clean()
        except ValidationError:
            self._raise_if_locked_out()
            raise
        self._check_second_factor(self.user_cache)
        return cleaned_data

    def _check_second_factor(self, user: User) -> None:
        # A user without an authenticator signs in with the password alone; when 2FA is
        # required, RequireTwoFactorMiddleware then sends them to enrolment.
        if user is None or not twofactor.user_has_two_factor(user):
            return
        code = self.cleaned_data.get("otp_token")
        if not code:
            raise ValidationError(self.error_messages["code_required"], code="code_required")
        try:
            device = twofactor.two_factor_verify(user=user, code=code)
            if device is None:
                raise ValidationError(self.error_messages["invalid_code"], code="invalid_code")
        except ValidationError:
            # A wrong code counts as a failed sign-in for the lockout, like a wrong
            # password: knowing the password must not buy unlimited guesses.
            user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=self.request)
            self._raise_if_locked_out()
            raise
        # django_otp stores the device in the session on login: the session is verified.
        user.otp_device = device

    def _raise_if_locked_out(self) -> None:
        if getattr(self.request, "axes_locked_out", False):
            raise ValidationError(lockout_message(), code="locked_out")


class EnrolForm(forms.Form):
    otp_token = _code_field(required=True, help_text=_("The 6-digit code your authenticator app shows now."))


class PasswordAndCodeForm(forms.Form):
    """Confirms a change to the user's own two-factor set-up: password and a current code."""

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    otp_token = _code_field(
        required=True, help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes.")
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        cleaned_data = super().clean()
        password = cleaned_data.get("password")
        code = cleaned_data.get("otp_token")
        if password is None or code is None:
            return cleaned_data
        if not self.user.check_password(password):
            raise ValidationError(_("The password is not right."), code="invalid_password")
        if twofactor.two_factor_verify(user=self.user, code=code) is None:
            raise ValidationError(
                _("That authentication code is not right, or it has already been used."), code="invalid_code"
            )
        return cleaned_data
