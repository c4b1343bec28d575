# The Celery application is loaded with Django, so @shared_task jobs bind to it (docs/adr/0011-background-jobs.md).
from config.celery import app as celery_app

__all__ = ("celery_app",)
