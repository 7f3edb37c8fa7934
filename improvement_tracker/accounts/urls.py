from django.urls import path

from improvement_tracker.accounts import sso, two_factor_views, views

urlpatterns = [
    path("home/", views.home, name="home"),
    path("sign-in/", views.sign_in, name="login"),
    # Django's admin site has a sign-in page of its own, which would skip the code.
    path("admin/login/", two_factor_views.admin_sign_in, name="admin_sign_in"),
    path("sign-in/code/", two_factor_views.two_factor_sign_in, name="two_factor_sign_in"),
    path("sign-out/", views.sign_out, name="logout"),
    path("account/", two_factor_views.account, name="account"),
    path("account/password/", two_factor_views.password_change, name="password_change"),
    path("account/two-factor/set-up/", two_factor_views.two_factor_setup, name="two_factor_setup"),
    path(
        "account/two-factor/remove/", two_factor_views.two_factor_remove, name="two_factor_remove"
    ),
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
    path(
        "organisation/people/<int:user_id>/two-factor/reset/",
        two_factor_views.person_two_factor_reset,
        name="person_two_factor_reset",
    ),
]
