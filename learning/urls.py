from django.urls import path

from . import views

app_name = "learning"
urlpatterns = [
    path("", views.training_list, name="training_list"),
    path("trainings/new/", views.training_create, name="training_create"),
    path("trainings/<int:pk>/", views.training_detail, name="training_detail"),
    path("trainings/<int:pk>/attendees/", views.attendance_add, name="attendance_add"),
    path("teams/", views.team_list, name="team_list"),
    path("teams/new/", views.team_create, name="team_create"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("visits/", views.visit_list, name="visit_list"),
    path("visits/new/", views.visit_create, name="visit_create"),
    path("members/<int:pk>/", views.member_record, name="member_record"),
    path("me/", views.my_record, name="my_record"),
]
