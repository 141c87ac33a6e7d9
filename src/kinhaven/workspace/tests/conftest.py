# The browser and the live server's clean-up, shared with the web app's browser tests.
from kinhaven.web.tests.test_browser import (  # noqa: F401  # fixtures
    _end_live_server_sessions,
    browser,
)
