from django.contrib.admin.widgets import AdminFileWidget


class PrivateFileWidget(AdminFileWidget):
    """Shows the permission-checked download link instead of a (non-existent) file URL."""

    template_name = "admin/widgets/private_file.html"

    def is_initial(self, value) -> bool:
        # The stock check reads `value.url`, which the private storage refuses to build.
        return bool(value and getattr(value, "name", None) and getattr(value, "instance", None) is not None)
