from django.urls import path

from kinhaven.interviews import views

app_name = "interviews"

_ONE = "<uuid:child_id>/interviews/<uuid:interview_id>/"
_REC = f"{_ONE}recordings/<uuid:recording_id>/"

# Under /children/: an interview belongs to the child's record.
urlpatterns = [
    path("<uuid:child_id>/interviews/", views.interview_list, name="list"),
    path("<uuid:child_id>/interviews/plan/", views.interview_plan_view, name="plan"),
    path(_ONE, views.interview_detail, name="detail"),
    path(f"{_ONE}approval/", views.interview_approve_view, name="approve"),
    path(f"{_ONE}held/", views.interview_held_view, name="held"),
    path(f"{_ONE}cancellation/", views.interview_cancel_view, name="cancel"),
    path(f"{_ONE}recordings/", views.recording_create_view, name="recording_create"),
    path(f"{_REC}upload/", views.recording_upload_view, name="recording_upload"),
    path(f"{_REC}content/", views.recording_content_view, name="recording_content"),
    path(f"{_REC}download/", views.recording_download_view, name="recording_download"),
    path(f"{_REC}export/", views.recording_export_view, name="recording_export"),
]
