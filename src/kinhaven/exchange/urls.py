from django.urls import path

from kinhaven.exchange import views

app_name = "exchange"

urlpatterns = [
    path("exchange/", views.home, name="home"),
    path("exchange/peers/", views.peer_add_view, name="peer_add"),
    path("exchange/received/<uuid:message_id>/", views.received_detail, name="received"),
    path(
        "exchange/received/<uuid:message_id>/answered/",
        views.received_answered_view,
        name="answered",
    ),
    path("exchange/cases/<uuid:case_id>/alert/", views.missing_alert_view, name="alert"),
    path("exchange/received/<uuid:message_id>/reply/", views.received_reply_view, name="reply"),
    path("exchange/cases/<uuid:case_id>/", views.case_exchange, name="case"),
    path(
        "exchange/cases/<uuid:case_id>/registration/",
        views.case_registration_view,
        name="case_registration",
    ),
    path("exchange/cases/<uuid:case_id>/send/<slug:kind>/", views.case_send_view, name="send"),
    path("exchange/tracing/", views.tracing_send_view, name="tracing"),
    path("exchange/registration/", views.registration_send_view, name="registration"),
    path("exchange/queries/<uuid:query_id>/", views.query_detail, name="query"),
    path(
        "exchange/matches/<uuid:match_id>/confirm/", views.match_confirm_view, name="match_confirm"
    ),
    path(".well-known/jwks.json", views.jwks, name="jwks"),
]
