from django.urls import path

from kinhaven.children import views

app_name = "children"

urlpatterns = [
    path("", views.child_list, name="list"),
    path("new/", views.child_create, name="create"),
    path("break-glass/", views.child_break_glass_view, name="break_glass"),
    path("<uuid:child_id>/guardian/", views.child_guardian_view, name="guardian"),
    path(
        "<uuid:child_id>/guardian/handover/",
        views.child_guardian_handover_view,
        name="guardian_handover",
    ),
    path("<uuid:child_id>/", views.child_detail, name="detail"),
    path("<uuid:child_id>/edit/", views.child_edit, name="edit"),
]
