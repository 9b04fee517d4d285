from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from allauth.socialaccount.signals import social_account_removed
        from django.contrib.auth.models import Group
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from apps.accounts import admin_site, receivers

        admin_site.install()
        social_account_removed.connect(
            receivers.github_disconnected, dispatch_uid="accounts-github-disconnected"
        )
        user_logged_in.connect(receivers.logged_in, dispatch_uid="accounts-logged-in")
        user_model = self.get_model("User")
        post_save.connect(receivers.user_changed, sender=user_model, dispatch_uid="accounts-user-saved")
        post_delete.connect(receivers.user_changed, sender=user_model, dispatch_uid="accounts-user-deleted")
        for through in (user_model.groups.through, user_model.user_permissions.through):
            m2m_changed.connect(
                receivers.member_permissions_changed,
                sender=through,
                dispatch_uid=f"accounts-perms-{through.__name__}",
            )
        m2m_changed.connect(
            receivers.group_permissions_changed,
            sender=Group.permissions.through,
            dispatch_uid="accounts-group-perms",
        )
