from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from improvement_tracker.accounts.forms import SignInForm

urlpatterns = [
    path("", include("improvement_tracker.plans.urls")),
    path("", include("improvement_tracker.documents.urls")),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", authentication_form=SignInForm
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]
