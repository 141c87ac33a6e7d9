from django.contrib.auth import views as auth_views
from django.urls import path

from kinhaven.accounts import views as account_views
from kinhaven.web import audit_log as audit_views
from kinhaven.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="web/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("otp/", account_views.otp, name="otp"),
    path("language/", account_views.language_set, name="language"),
    path("audit/", audit_views.audit_log, name="audit"),
    path("users/", account_views.user_list, name="users"),
    path("users/<uuid:user_id>/", account_views.user_detail, name="user_detail"),
    path(
        "users/<uuid:user_id>/deactivate/",
        account_views.user_deactivate_view,
        name="user_deactivate",
    ),
    # Changing a password goes through the service that also revokes the user's API tokens.
    path("password/", account_views.password_change, name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="web/password_change_done.html"),
        name="password_change_done",
    ),
]
