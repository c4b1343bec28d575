"""Test infrastructure for the second factor. Not used by the application itself.

The suite logs users in with ``Client.force_login`` in hundreds of places; the root conftest.py makes that
shortcut also pass the second factor (:func:`verify_session`), just as it already skips the password.
The real flow (password, then code) is tested in accounts/tests/test_two_factor.py and in the browser tests,
which type a code computed with :func:`usable_code` from the user's device key, like an authenticator app.
"""

import time

from django.contrib.sessions.backends.base import SessionBase
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import User


def device_for(user: User) -> TOTPDevice:
    """The user's enrolled device, enrolling one (random key) when there is none yet."""
    device = two_factor.confirmed_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test-authenticator", confirmed=True)
    return device


def verify_session(session: SessionBase, user: User) -> None:
    """Mark a logged-in test session as having passed the second factor with the user's device."""
    session[DEVICE_ID_SESSION_KEY] = device_for(user).persistent_id
    session.save()


def usable_code(device: TOTPDevice) -> str:
    """A code the device accepts now, as an authenticator app would show it.

    A code works once (django-otp remembers the last time step used) and the device accepts one step of
    clock drift either way; so when the current step is used up the next one's code is given, and when
    that is used too we wait for a fresh step.
    """
    device.refresh_from_db()
    now = time.time()
    centre = int((now - device.t0) // device.step) + device.drift
    for step in (centre, centre + 1):
        if step > device.last_t:
            return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"
    time.sleep(device.step - (now - device.t0) % device.step + 0.05)
    return usable_code(device)
