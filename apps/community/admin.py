from django.contrib import admin

from apps.community.models import Comment, Follow, ModerationAction, Mute, Post, PostingBan, Report, Tag


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = [
        "display_title",
        "author",
        "status",
        "is_hidden",
        "published_at",
        "reaction_count",
        "comment_count",
    ]
    list_filter = ["status", "is_hidden"]
    raw_id_fields = ["author"]
    search_fields = ["title"]
    filter_horizontal = ["tags"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["pk", "post", "author", "created", "is_hidden", "is_deleted"]
    raw_id_fields = ["post", "author", "parent"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["pk", "reason", "status", "created"]
    list_filter = ["status", "reason"]
    raw_id_fields = ["reporter", "post", "comment", "resolved_by"]


admin.site.register(Tag)
admin.site.register(Follow)
admin.site.register(Mute)
admin.site.register(PostingBan)
admin.site.register(ModerationAction)
