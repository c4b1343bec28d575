"""The demo partners' API keys: fixed and public, like the demo accounts' second factor (demo/logins.py).

So whoever runs the demo can try the partner API at once (`manage.py demo_logins` prints a curl line). Only the
hash is stored, as for any key; the secret is written here because these partners are made up. An installation
without the demo never has these keys: they are made by the demo seeding only.
"""

from partnerapi.models import ApiKey
from partnerapi.services import hash_secret
from partners.models import Partner
from partners.services import ensure_service_user

#: partner code -> (prefix, secret). The prefix says "demo", so a log line shows at once it was the demo's key.
DEMO_API_KEYS: dict[str, tuple[str, str]] = {
    "huisarts-centrum": ("demohuisarts", "openbaar-demo-geheim-huisarts-niet-voor-echt-gebruik"),
    "school-de-linde": ("demoschool", "openbaar-demo-geheim-school-niet-voor-echt-gebruik"),
}


def demo_token(code: str) -> str:
    prefix, secret = DEMO_API_KEYS[code]
    return f"{prefix}.{secret}"


def seed_demo_api_keys() -> dict[str, int]:
    """One key per demo partner with the public secret; a second run changes nothing."""
    made = 0
    for code, (prefix, secret) in DEMO_API_KEYS.items():
        partner = Partner.objects.filter(code=code).first()
        if partner is None or ApiKey.objects.filter(prefix=prefix).exists():
            continue
        ensure_service_user(partner, synthetic=True)
        ApiKey.objects.create(partner=partner, name="Demo (openbaar)", prefix=prefix, secret_hash=hash_secret(secret))
        made += 1
    return {"api-sleutels": made}
