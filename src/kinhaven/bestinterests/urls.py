from django.urls import path

from kinhaven.bestinterests import views

app_name = "bestinterests"

_PAGE = "<uuid:child_id>/best-interests/"

# Under /children/: best-interests records belong to the child's record.
urlpatterns = [
    path(_PAGE, views.best_interests_page, name="page"),
    path(
        f"{_PAGE}assessments/<uuid:assessment_id>/versions/",
        views.version_record_view,
        name="version_record",
    ),
    path(
        f"{_PAGE}versions/<uuid:version_id>/submit/",
        views.version_submit_view,
        name="version_submit",
    ),
    path(
        f"{_PAGE}versions/<uuid:version_id>/decision/",
        views.version_decide_view,
        name="version_decide",
    ),
    path(f"{_PAGE}determinations/", views.determination_record_view, name="determination"),
]
