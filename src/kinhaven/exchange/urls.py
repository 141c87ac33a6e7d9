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
    path("exchange/tracing/", views.tracing_send_view, name="tracing"),
    path(".well-known/jwks.json", views.jwks, name="jwks"),
]
