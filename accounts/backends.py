"""Authentication backend: Django's ModelBackend, reading the user's profile with the user."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class ProfileModelBackend(ModelBackend):
    """Every page asks for the user's role (UserProfile); one query per request instead of two.

    Sessions remember their backend's path, so sessions made with Django's ModelBackend end
    when this one replaces it: everyone signs in again once.
    """

    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("profile").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
