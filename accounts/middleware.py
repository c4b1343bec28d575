"""django-otp's middleware with the device read by a statement built once per process.

On every request ``django_otp.middleware.OTPMiddleware`` loads the device named in the session, so that
``request.user.is_verified()`` holds only while that device still exists, belongs to the user and is
confirmed (a device removed by functioneel beheer ends the second factor of every session it verified).
That check stays django-otp's (``_finalize_device``); only the read of our TOTP devices goes through
:func:`accounts.rows.fetch_one` instead of a freshly compiled ORM query. Other device types (none today) are
read by django-otp as before.
"""

from typing import Any

from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.rows import fetch_one

_TOTP_PREFIX = TOTPDevice.model_label() + "/"


class SecondFactorDeviceMiddleware(OTPMiddleware):  # type: ignore[misc]
    def _device_from_persistent_id(self, persistent_id: str) -> Any:
        normalized = self._normalize_persistent_id(persistent_id)
        if not normalized.startswith(_TOTP_PREFIX):
            return super()._device_from_persistent_id(persistent_id)
        device_id = normalized[len(_TOTP_PREFIX) :]
        if not device_id.isdigit() or not device_id.isascii():
            return None  # django-otp too finds nothing for an id that is not a number
        return fetch_one(TOTPDevice, id=int(device_id))
