"""The second factor: one TOTP device (authenticator app) per account, enrolled and verified here.

Every staff member needs it (ASVS level 2, BIO): `core.middleware.SecondFactorMiddleware` keeps a session
that gave only the password on the code step. django-otp keeps the device, its throttling (each wrong
code doubles the wait for the next try, across sessions) and the record of which device verified the session.
"""

import time
from base64 import b32encode

import segno
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User

#: Name of the device as the user and functioneel beheer see it (admin: "TOTP devices").
DEVICE_NAME = "Authenticator-app"


def confirmed_device(user: User) -> TOTPDevice | None:
    """The device this user logs in with, if enrolment finished."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_device(user: User) -> TOTPDevice:
    """The device being enrolled: made on the first visit, so the secret stays the same on a reload."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def verify(device: TOTPDevice, token: str) -> bool:
    """Check a code against this device; a used code or a throttled device is refused.

    Locked row (select_for_update) so two requests cannot both use one code.
    """
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        return bool(locked.verify_token(token))


def enrol(device: TOTPDevice, token: str) -> bool:
    """Finish enrolment when the first code from the app is right: from now on the device is required."""
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not locked.verify_token(token):
            return False
        locked.confirmed = True
        locked.save(update_fields=["confirmed"])
    device.refresh_from_db()
    return True


def is_throttled(device: TOTPDevice) -> bool:
    device.refresh_from_db(fields=["throttling_failure_count", "throttling_failure_timestamp"])
    allowed, _details = device.verify_is_allowed()
    return not allowed


def secret(device: TOTPDevice) -> str:
    """The key as an authenticator app expects it when typed in: base32, without padding."""
    return b32encode(device.bin_key).decode("ascii").rstrip("=")


def secret_in_groups(device: TOTPDevice) -> str:
    """The secret in groups of four characters, easier to type over."""
    value = secret(device)
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


def config_uri(device: TOTPDevice) -> str:
    """The otpauth:// URI that an authenticator app reads from the QR code."""
    return str(device.config_url)


def qr_code_svg(device: TOTPDevice) -> SafeString:
    """The otpauth URI as a QR code in inline SVG, drawn here: nothing is loaded from elsewhere."""
    svg = segno.make(config_uri(device), error="m").svg_inline(
        scale=5, dark="#000", light="#fff", title=_("QR-code voor de authenticator-app"), svgclass="app-qr"
    )
    # segno writes only path data and our title: safe to place in the page as it is.
    return mark_safe(svg)  # noqa: S308


def code_at(device: TOTPDevice, moment: float | None = None) -> str:
    """The code an authenticator app with a correct clock shows at `moment` (now by default)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, drift=0)
    totp.time = time.time() if moment is None else moment
    return f"{totp.token():0{device.digits}d}"


def seconds_left(device: TOTPDevice, moment: float | None = None) -> int:
    """How long the current code stays the newest one."""
    now = time.time() if moment is None else moment
    return int(device.step - ((now - device.t0) % device.step))
