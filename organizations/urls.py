from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("org/", views.tree, name="tree"),
    path("org/<str:code>/", views.detail, name="detail"),
    path("org/<str:code>/add/", views.child_create, name="child_create"),
    path("org/<str:code>/edit/", views.edit, name="edit"),
    path("units/", views.unit_list, name="unit_list"),
]
