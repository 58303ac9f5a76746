from django.urls import path

from . import views

app_name = "points"
urlpatterns = [
    path("", views.balances, name="balances"),
    path("mine/", views.mine, name="mine"),
    path("rules/", views.rules_page, name="rules"),
    path("supermarkets/", views.supermarkets, name="supermarkets"),
    path("supermarkets/<int:pk>/", views.supermarket_detail, name="supermarket"),
]
