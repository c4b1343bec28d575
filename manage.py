#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    from config.secret_key import refuse_weak_secret_key

    try:
        refuse_weak_secret_key()
    except ImproperlyConfigured as refused:
        sys.exit(f"Not started: {refused}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
