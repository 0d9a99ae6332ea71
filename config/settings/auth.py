"""Accounts through django-allauth: sign up, sign in by e-mail, verification, password reset.

Imported by ``base.py``. People sign in with their e-mail address (no username to remember),
must confirm it before they can sign in, and every form is rate-limited by allauth.
"""

AUTHENTICATION_BACKENDS = [
    # The admin's username login keeps working.
    "django.contrib.auth.backends.ModelBackend",
    # Sign in by e-mail address, as allauth does it.
    "allauth.account.auth_backends.AuthenticationBackend",
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "portal:home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # a POST confirms: a mail scanner opening the link does not
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_GET = False  # signing out is a POST with CSRF
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Ayni] "
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = None  # the person chooses ("Remember me")

# allauth's limits, written out so that they are visible and documented
# (docs/contributing-records.md): actions per period per IP address, user or key (e-mail).
ACCOUNT_RATE_LIMITS = {
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
}
