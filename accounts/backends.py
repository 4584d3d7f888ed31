"""Sign-in by email address: people know their address, not the internal username made for them
(accounts/invitations.py). A username still works, so that accounts made before invitations (and the demo accounts)
keep signing in as they did."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class EmailOrUsernameBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and "@" in username:
            User = get_user_model()
            matches = list(User.objects.filter(email__iexact=username.strip())[:2])
            if len(matches) != 1:
                # No account, or an address shared by two accounts (made before addresses were unique): refuse
                # rather than guess, and spend the same time as a password check so the answer reveals nothing.
                User().set_password(password)
                return None
            user = matches[0]
            if user.check_password(password) and self.user_can_authenticate(user):
                return user
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
