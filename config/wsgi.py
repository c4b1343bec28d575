import os

from django.core.wsgi import get_wsgi_application

from config.secret_key import refuse_weak_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
refuse_weak_secret_key()
application = get_wsgi_application()
