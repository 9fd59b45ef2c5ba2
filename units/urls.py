from django.urls import path

from . import views

app_name = "units"

urlpatterns = [
    path("find/", views.find, name="find"),
    path("suggest/", views.suggest, name="suggest"),
    path("<id:pk>/vcard/", views.vcard, name="vcard"),
    path("<id:pk>/poster/", views.poster, name="poster"),
    path("<id:pk>/share-card/<str:version>.png", views.share_card, name="share_card"),
]
