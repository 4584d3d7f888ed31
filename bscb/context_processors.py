from django.conf import settings

from bscb.navigation import navigation_for


def service(request):
    """Service name, phase and the signed-in user's navigation, for the base template."""
    return {
        "service_name": settings.SERVICE_NAME,
        "service_phase": settings.PHASE,
        "navigation": navigation_for(request),
    }
