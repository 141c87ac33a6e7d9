from django.urls import path

from kinhaven.missing import views

app_name = "missing"

_ONE = "<uuid:child_id>/missing/<uuid:episode_id>/"

# Under /children/: an episode belongs to the child's record.
urlpatterns = [
    path("<uuid:child_id>/missing/", views.episode_list, name="list"),
    path("<uuid:child_id>/missing/report/", views.episode_report_view, name="report"),
    path(_ONE, views.episode_detail, name="detail"),
    path(f"{_ONE}police/", views.episode_police_view, name="police"),
    path(f"{_ONE}alerts/", views.episode_alerts_view, name="alerts"),
    path(f"{_ONE}sightings/", views.episode_sighting_view, name="sighting"),
    path(f"{_ONE}actions/", views.episode_action_view, name="action"),
    path(f"{_ONE}found/", views.episode_found_view, name="found"),
    path(f"{_ONE}close/", views.episode_close_view, name="close"),
    path(f"{_ONE}interview/", views.episode_interview_view, name="interview"),
    path(f"{_ONE}photo/", views.episode_photo_view, name="photo_upload"),
    path(f"{_ONE}photo/view/", views.episode_photo, name="photo"),
    path(f"{_ONE}alert.pdf", views.episode_alert_pdf, name="alert_pdf"),
    path(f"{_ONE}alert/", views.episode_alert_page, name="alert_page"),
]
