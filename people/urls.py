from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/personal-data.xlsx", views.person_data_export, name="person_data_export"),
    path("people/<int:pk>/household/", views.household_edit, name="household_edit"),
    path("members/", views.member_list, name="member_list"),
    path("households/", views.household_list, name="household_list"),
]
