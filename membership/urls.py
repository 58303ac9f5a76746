from django.urls import path

from . import away_views, moves_views, views

app_name = "membership"
urlpatterns = [
    path("", views.recruit_list, name="recruit_list"),
    path("new/", views.recruit_create, name="recruit_create"),
    path("<int:pk>/", views.recruit_detail, name="recruit_detail"),
    path("rules/", views.rules_edit, name="rules"),
    path("transfers/", views.transfer_list, name="transfer_list"),
    path("transfers/new/", views.transfer_create, name="transfer_create"),
    path("transfers/in/", moves_views.transfer_in, name="transfer_in"),
    path("members/<int:pk>/end/", moves_views.membership_end, name="membership_end"),
    path("transfers/<int:pk>/", views.transfer_letter, name="transfer_letter"),
    path("away/", away_views.away_list, name="away_list"),
    path("away/new/", away_views.away_create, name="away_create"),
    path("away/<int:pk>/", away_views.away_detail, name="away_detail"),
]
