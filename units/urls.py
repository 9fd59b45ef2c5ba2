from django.urls import path

from . import views

app_name = "units"

urlpatterns = [
    path("find/", views.find, name="find"),
    path("suggest/", views.suggest, name="suggest"),
    path("<int:pk>/vcard/", views.vcard, name="vcard"),
    path("<int:pk>/poster/", views.poster, name="poster"),
    path("<int:pk>/share-card/<str:version>.png", views.share_card, name="share_card"),
]
