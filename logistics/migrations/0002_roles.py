from django.db import migrations


def create_roles(apps, schema_editor):
    # The real models are used on purpose: role permissions are declared in logistics.roles and
    # must cover every model that exists now; the post_migrate handler repeats this for later ones.
    from logistics.roles import sync_roles

    sync_roles()


class Migration(migrations.Migration):
    dependencies = [
        ("logistics", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
