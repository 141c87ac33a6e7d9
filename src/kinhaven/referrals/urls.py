from django.urls import path

from kinhaven.referrals import views

app_name = "referrals"

urlpatterns = [
    path("services/", views.service_directory, name="services"),
    path("services/new/", views.service_new, name="service_new"),
    path("services/<uuid:service_id>/edit/", views.service_edit, name="service_edit"),
    path("referrals/", views.referral_queues, name="queues"),
    path("referrals/new/<uuid:case_id>/", views.referral_new, name="new"),
    path("referrals/<uuid:referral_id>/", views.referral_detail, name="detail"),
    path(
        "referrals/<uuid:referral_id>/transition/",
        views.referral_transition_view,
        name="transition",
    ),
    path("transfers/new/<uuid:case_id>/", views.transfer_new, name="transfer_new"),
    path("transfers/<uuid:transfer_id>/", views.transfer_detail, name="transfer_detail"),
    path(
        "transfers/<uuid:transfer_id>/accept/",
        views.transfer_accept_view,
        name="transfer_accept",
    ),
    path(
        "transfers/<uuid:transfer_id>/refuse/",
        views.transfer_refuse_view,
        name="transfer_refuse",
    ),
    path(
        "transfers/<uuid:transfer_id>/withdraw/",
        views.transfer_withdraw_view,
        name="transfer_withdraw",
    ),
]
