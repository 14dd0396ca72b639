from drf_spectacular.views import SpectacularSwaggerSplitView


class SwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI from drf-spectacular-sidecar's files under /static/, with no inline script or style.

    The split view serves the initialisation script as a separate file (script-src
    'self'), and our template drops the stock inline <style> (style-src 'self').
    """

    template_name = "api/swagger_ui.html"
