import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Create (once) a superuser with a verified e-mail address for local development and "
        "print its credentials."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("create_dev_admin is for local development only (DEBUG is off).")
        path = settings.VAR_DIR / "dev-admin.txt"
        User = get_user_model()
        user = User.objects.filter(username="admin").first()
        if user is None or not path.exists():
            password = secrets.token_urlsafe(12)
            user = user or User(username="admin", email="admin@example.invalid")
            user.is_staff = user.is_superuser = True
            user.set_password(password)
            user.save()
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"admin {password}\n", encoding="utf-8")
            path.chmod(0o600)
        # Verified, so that the admin can log in by e-mail too and receive report mail.
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        username, password = path.read_text(encoding="utf-8").split()
        self.stdout.write(
            self.style.SUCCESS(
                f"Development admin (at /admin/ on the dev server)  log in with e-mail "
                f"{user.email} (verified; user {username})  password: {password}; on the "
                "first visit to /admin/ scan the TOTP QR code with an authenticator app"
            )
        )
