from django.urls import path

app_name = "village_affairs"
urlpatterns: list = []
