"""
Settings of the example shop, all from the environment (see README.md):

  DATABASE_URL          postgres://user:password@host:port/name (required)
  CELERY_BROKER_URL     redis://host:port/0 (default redis://127.0.0.1:6379/0)
  SHOP_ADMIN_TOKEN      the X-Admin-Token of the admin routes (inventory, stats)
  SHOP_RACY_ORDERS=1    the order view's deliberate lost-update bug (no row lock): oversells
  SHOP_FAST_PASSWORDS=1 a fast password hasher for load-test accounts (CI only)
"""
import os
from urllib.parse import unquote, urlparse

BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "example-shop-not-secret")
DEBUG = False
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "rest_framework",
    "rest_framework.authtoken",
    "shop",
]
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
ROOT_URLCONF = "shop_project.urls"
WSGI_APPLICATION = "shop_project.wsgi.application"
USE_TZ = True
TIME_ZONE = "UTC"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _database(url):
    parts = urlparse(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise RuntimeError("DATABASE_URL must be a postgres:// URL")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        # The origin's settings: persistent connections, a 10 s connect timeout.
        "CONN_MAX_AGE": 600,
        "OPTIONS": {"connect_timeout": 10},
    }


DATABASES = {"default": _database(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/shop"))}

if os.environ.get("SHOP_FAST_PASSWORDS") == "1":
    # Load-test accounts only: PBKDF2 costs ~0.1 s of CPU per login, which would measure the
    # hasher instead of the order path on a small CI runner.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "UNAUTHENTICATED_USER": None,
}

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

SHOP_ADMIN_TOKEN = os.environ.get("SHOP_ADMIN_TOKEN", "")
SHOP_RACY_ORDERS = os.environ.get("SHOP_RACY_ORDERS") == "1"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
