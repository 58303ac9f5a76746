from django.contrib.auth import views as auth_views
from django.urls import path

from . import administration, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.XianfengLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("verify/", views.otp_verify, name="otp_verify"),
    path("two-factor/", views.otp_setup, name="otp_setup"),
    path("two-factor/<int:pk>/remove/", views.device_remove, name="device_remove"),
    path("password/", views.XianfengPasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
    path("me/", views.my_account, name="my_account"),
    path("language/", views.set_language, name="set_language"),
    path("users/", administration.user_list, name="user_list"),
    path("users/new/", administration.user_create, name="user_create"),
    path("users/<int:pk>/", administration.user_detail, name="user_detail"),
    path("security/", administration.security, name="security"),
    path("security/users/<int:pk>/", administration.security_user, name="security_user"),
]
