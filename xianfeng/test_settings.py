"""Settings for the test suite: the real settings with faster hashing and inline imports."""

import tempfile

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
IMPORT_IN_BACKGROUND = False
# live_server cannot serve hashed names from a manifest; plain storage in tests.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Digests in tests stay in the database (in-app); a test that reads the file backend points it at its tmp_path.
NOTIFICATION_BACKENDS = ["notifications.backends.InAppBackend"]
NOTIFICATION_FILE_DIR = Path(tempfile.gettempdir()) / "xianfeng-test-notifications"  # noqa: F405

# SQLite: the test database is a file, not memory. In memory, Django hands the live server's
# threads the test's own connection, so a page and the navigation's htmx counts served at once,
# or the test reading while the server writes, interleave on one connection ("database table is
# locked"). On a file each thread has its own connection, WAL and the busy timeout, as deployed.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"xianfeng-test-{os.getpid()}.sqlite3")  # noqa: F405
    }
