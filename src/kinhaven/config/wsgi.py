import os

from django.core.wsgi import get_wsgi_application

from kinhaven.audit.checks import audit_tables_refuse_unsafe_role

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinhaven.config.settings")
application = get_wsgi_application()
# A production server does not start with database rights that could rewrite the audit log.
audit_tables_refuse_unsafe_role()
