from django.urls import path

app_name = "pairing"
urlpatterns: list = []
