from allauth.account import app_settings as allauth_settings
from allauth.account import forms as allauth_forms
from allauth.core import context
from allauth.mfa.totp import forms as totp_forms
from django import forms
from django.utils.translation import gettext_lazy as _

from .mfa import record_totp_passed


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("请输入密码以确认"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("密码不正确。"))
        return password


class LoginForm(allauth_forms.LoginForm):
    """allauth's login form, with a label that says what to type when phones sign in too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "phone" in allauth_settings.LOGIN_METHODS:
            field = self.fields["login"]
            field.label = _("电子邮箱或手机号码")
            field.widget.attrs.update(placeholder="", autocomplete="username")
            field.help_text = _("用手机号码登录前，须先通过短信验证该号码。")


class SignupForm(allauth_forms.SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "phone" in self.fields:
            self.fields["phone"].help_text = _(
                "选填。中国大陆手机号码（11位）；注册时会发送短信验证码，验证后可用手机号码登录。"
            )


class ActivateTOTPForm(totp_forms.ActivateTOTPForm):
    """allauth's TOTP enrolment. Its first valid code is typed in this session, so it counts
    as passing the second factor here: no second prompt straight after enrolling."""

    def clean_code(self):
        code = super().clean_code()
        record_totp_passed(context.request, self.user)
        return code


class RequestLoginCodeForm(allauth_forms.RequestLoginCodeForm):
    """allauth's, needing an e-mail address or a phone number when both are offered: allauth
    accepts the form with neither, then fails with a server error."""

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("email") and not data.get("phone"):
            raise forms.ValidationError(_("请填写电子邮箱或手机号码。"))
        return data
