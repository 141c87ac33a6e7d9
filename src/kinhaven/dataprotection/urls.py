from django.urls import path

from kinhaven.dataprotection import views

app_name = "dataprotection"

# Under /children/.
urlpatterns = [
    path("<uuid:child_id>/data-protection/", views.page, name="page"),
    path("<uuid:child_id>/data-protection/consents/", views.consent_view, name="consent"),
    path(
        "<uuid:child_id>/data-protection/consents/<uuid:consent_id>/withdrawal/",
        views.withdraw_view,
        name="withdraw",
    ),
    path("<uuid:child_id>/data-protection/export/", views.export_view, name="export"),
]
