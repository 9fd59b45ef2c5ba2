from django.urls import path

from . import views

app_name = "ratings"

urlpatterns = [
    path("", views.index, name="index"),
    path("rate/<id:unit_id>/<id:department_id>/", views.rate, name="rate"),
    path("departments/<id:pk>/", views.department_scorecard_by_pk, name="department"),
    path("units/<id:pk>/", views.unit_scorecard_by_pk, name="unit"),
    path("ranking/", views.ranking, name="ranking"),
    path("open-data/ratings.csv", views.open_data_csv, name="open_data_csv"),
    path("open-data/ratings.json", views.open_data_json, name="open_data_json"),
]
