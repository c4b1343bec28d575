"""Gunicorn, the production web server (docs/adr/0010-production-process-model.md), configured from the environment.

    gunicorn --config config/gunicorn.conf.py        # the `web` line of the Procfile

Every value has an environment variable, so the same file serves a laptop (`make serve`), a VM with systemd and
a container. Django's own settings come from the environment too (README, "In productie").
"""

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "config.wsgi:application"

#: Where to listen. Behind a reverse proxy on the same host the default is right; in a container use 0.0.0.0:8000.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:" + os.environ.get("PORT", "8000"))
#: Worker processes. The pages are CPU-bound (templates, ORM): about one per core (WEB_CONCURRENCY is the
#: name most platforms set).
workers = _int("WEB_CONCURRENCY", 2)
#: Threads per worker; more than 1 switches to the threaded worker (useful when requests wait on I/O).
threads = _int("GUNICORN_THREADS", 1)
#: A request that takes longer than this many seconds gets its worker killed and restarted.
timeout = _int("GUNICORN_TIMEOUT", 30)
#: Graceful shutdown: after SIGTERM a worker finishes its running requests for up to this many seconds.
#: The supervisor's stop timeout (systemd TimeoutStopSec, Kubernetes terminationGracePeriodSeconds) must be longer.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
#: Restart a worker after this many requests (plus jitter), against slow memory growth; 0 = never.
max_requests = _int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 0)
#: Proxies whose X-Forwarded-* headers gunicorn trusts (comma-separated addresses, "*" for any: only when nothing
#: but the proxy can reach gunicorn). Django's own proxy settings: SECURE_PROXY_SSL_HEADER, CLIENT_IP_HEADER.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

#: Access log on stdout, error log on stderr: the platform collects both (12-factor). JSON lines unless
#: LOG_FORMAT=text; query strings and health probes are left out (config/gunicorn_logging.py).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logger_class = "config.gunicorn_logging.OpenWijkteamLogger"
proc_name = "openwijkteam-web"

#: Gunicorn's control socket (gunicornc) is off unless GUNICORN_CONTROL_SOCKET names a path: by default every gunicorn
#: of one user shares ~/.gunicorn/gunicorn.ctl, so a second server on the same host (a bench next to `make serve`)
#: would collide with the first. Nothing in our operation uses it; signals (TERM, HUP, TTIN) do the same work.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "").strip() or "gunicorn.ctl"
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET", "").strip()
