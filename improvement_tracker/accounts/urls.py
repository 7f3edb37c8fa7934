from django.urls import path

from improvement_tracker.accounts import sso, views

urlpatterns = [
    path("home/", views.home, name="home"),
    path("sign-in/", views.sign_in, name="login"),
    path("sign-out/", views.sign_out, name="logout"),
    path("sso/start/", sso.sso_start, name="oidc_authentication_init"),
    path("sso/callback/", sso.sso_callback, name="oidc_authentication_callback"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/sent/", views.password_reset_done, name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("password-reset/done/", views.password_reset_complete, name="password_reset_complete"),
    path("organisation/people/", views.organisation_people, name="organisation_people"),
    path("plans/<slug:slug>/people/", views.plan_people, name="plan_people"),
    path(
        "plans/<slug:slug>/people/<int:user_id>/remove/",
        views.plan_person_remove,
        name="plan_person_remove",
    ),
    path(
        "plans/<slug:slug>/people/<int:user_id>/leads/",
        views.plan_person_leads,
        name="plan_person_leads",
    ),
]
