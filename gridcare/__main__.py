"""The `gridcare` console command: Django's command line with our settings."""

import os
import sys

# Commands that serve requests or run tasks: they need the real SECRET_KEY.
SIGNING_COMMANDS = {"runserver", "db_worker"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gridcare.settings")
    from django.core.management import execute_from_command_line

    if SIGNING_COMMANDS.intersection(sys.argv[1:2]):
        import django

        from gridcare.core.checks import require_secret_key

        django.setup()
        require_secret_key()
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
