"""Production checks: refuse to start without a real secret key and allowed hosts."""

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int
from config.settings.base import ALLOWED_HOSTS, AYNI_ENVIRONMENT, DEVELOPMENT_SECRET_KEY, SECRET_KEY

MINIMUM_SECRET_KEY_LENGTH = 40

if AYNI_ENVIRONMENT == "production":
    if not SECRET_KEY or SECRET_KEY == DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to a secret value in production.")
    if len(SECRET_KEY) < MINIMUM_SECRET_KEY_LENGTH:
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY must be at least {MINIMUM_SECRET_KEY_LENGTH} characters long."
        )
    if not ALLOWED_HOSTS or ALLOWED_HOSTS == ["127.0.0.1", "localhost", "[::1]"]:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS must name the production host names (comma-separated)."
        )
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
