"""Small security helpers shared by the login steps and django-axes."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address for the brute-force lockout (username + IP).

    Without a reverse proxy the direct peer (REMOTE_ADDR) is the client. Behind one, set CLIENT_IP_HEADER
    to the header that proxy writes (e.g. HTTP_X_REAL_IP): only a header the proxy overwrites can be trusted,
    never one the client may send itself.
    """
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if header:
        value = request.META.get(header, "")
        if value:
            # X-Forwarded-For style lists: the proxy appends the peer it saw last.
            return str(value).split(",")[-1].strip()
    address = request.META.get("REMOTE_ADDR")
    return str(address) if address else None
