from django.urls import path

from improvement_tracker.documents import changes_views, mapping_views, pack_views, views

app_name = "documents"

urlpatterns = [
    path("imports/new/", views.import_new, name="import_new"),
    path("imports/<str:token>/confirm/", views.import_confirm, name="import_confirm"),
    path("imports/<str:token>/mapping/", mapping_views.import_mapping, name="import_mapping"),
    path("imports/<str:token>/cancel/", views.import_cancel, name="import_cancel"),
    path("plans/<slug:slug>/export.<str:file_format>", views.export, name="export"),
    path(
        "plans/<slug:slug>/changes.<str:file_format>",
        changes_views.changes_export,
        name="changes_export",
    ),
    path("plans/<slug:slug>/board-packs/", pack_views.board_packs, name="board_packs"),
    path(
        "plans/<slug:slug>/board-packs/issue/", pack_views.board_pack_issue, name="board_pack_issue"
    ),
    path("plans/<slug:slug>/board-packs/<int:pack_id>/", pack_views.board_pack, name="board_pack"),
    path(
        "plans/<slug:slug>/board-packs/<int:pack_id>/file.<str:file_format>",
        pack_views.board_pack_file,
        name="board_pack_file",
    ),
]
