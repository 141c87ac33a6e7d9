from django.urls import path

from kinhaven.intake import views

app_name = "intake"

urlpatterns = [
    path("report/", views.public_report, name="public"),
    path("reports/", views.report_queue, name="queue"),
    path("reports/new/frontline/", views.frontline_report, name="frontline"),
    path("reports/new/hotline/", views.hotline_report, name="hotline"),
    path("reports/duty/", views.duty, name="duty"),
    path("reports/<uuid:report_id>/", views.report_detail, name="detail"),
    path("reports/<uuid:report_id>/edit/", views.report_edit, name="edit"),
    path("reports/<uuid:report_id>/triage/", views.report_triage_view, name="triage"),
    path("reports/<uuid:report_id>/screening/", views.report_screening_view, name="screening"),
    path("reports/<uuid:report_id>/decision/", views.report_decision_view, name="decision"),
    path("reports/<uuid:report_id>/convert/", views.report_convert_view, name="convert"),
    path("reports/<uuid:report_id>/close/", views.report_close_view, name="close"),
]
