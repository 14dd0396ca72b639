from django.contrib.admin.widgets import AdminFileWidget


class PrivateFileWidget(AdminFileWidget):
    """Shows the permission-checked download link instead of a (non-existent) file URL."""

    template_name = "admin/widgets/private_file.html"
