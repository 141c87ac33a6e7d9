"""The versioned HTTP API."""

from ninja import NinjaAPI

from kinhaven.accounts.api import router as auth_router
from kinhaven.api.auth import TokenAuth
from kinhaven.api.errors import install_error_handlers
from kinhaven.cases.api import router as cases_router
from kinhaven.children.api import router as children_router

api = NinjaAPI(
    title="Kinhaven API",
    version="1",
    urls_namespace="api-v1",
    auth=TokenAuth(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)
api.add_router("/auth", auth_router)
api.add_router("/children", children_router)
api.add_router("/cases", cases_router)
