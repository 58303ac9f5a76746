"""What browser tests share: completing the two-factor step of a real login, as the user would from their phone."""

import base64
import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import current_code


def _code_for_secret(secret: str) -> str:
    totp = TOTP(base64.b32decode(secret.replace(" ", "")))
    totp.time = time.time()
    return f"{totp.token():06d}"


def pass_two_factor(page, username: str) -> None:
    """After the password: enter the device's code, or set a device up first (a county admin's first login)."""
    if "/accounts/two-factor/" in page.url:
        page.fill("input[name=code]", _code_for_secret(page.get_by_test_id("secret").inner_text()))
        page.locator("main form button[type=submit].primary").click()
        page.wait_for_load_state()
    elif "/accounts/verify/" in page.url:
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
        page.fill("input[name=code]", current_code(device))
        page.locator("main form button[type=submit].primary").click()
        page.wait_for_load_state()


def confirm(page) -> None:
    """Answer the confirmation dialog of a one-way step (site.js) with its confirming button."""
    dialog = page.get_by_test_id("confirm-dialog")
    dialog.wait_for(state="visible")
    with page.expect_navigation():
        dialog.locator("button.button:not(.secondary)").click()
    page.wait_for_load_state()
