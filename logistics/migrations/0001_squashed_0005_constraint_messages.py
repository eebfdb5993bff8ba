# 0001–0005 of this app squashed: one CreateModel per model with its later fields, indexes,
# constraints and triggers folded in, because each operation after a CreateModel made Django
# render the migration state again and a fresh `migrate` took most of a minute. `replaces` lets a
# database that ran the old migrations take this one as applied.

import datetime
import django.contrib.auth.models
import django.contrib.auth.validators
import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.core.validators
import django.db.models.deletion
import django.db.models.functions.comparison
import django.db.models.functions.text
import django.utils.timezone
import logistics.models.records
import logistics.search
import pgtrigger.compiler
from django.conf import settings
from django.db import migrations, models


def create_roles(apps, schema_editor):
    # The real models are used on purpose: role permissions are declared in logistics.roles and
    # must cover every model that exists now; the post_migrate handler repeats this for later ones.
    from logistics.roles import sync_roles

    sync_roles()


class Migration(migrations.Migration):

    replaces = [('logistics', '0001_initial'), ('logistics', '0002_roles'), ('logistics', '0003_search_words'), ('logistics', '0004_change_log'), ('logistics', '0005_constraint_messages')]

    initial = True

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('pghistory', '0007_auto_20250421_0444'),
    ]

    operations = [
        migrations.CreateModel(
            name='Unit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('path', models.CharField(max_length=255, unique=True)),
                ('depth', models.PositiveIntegerField()),
                ('numchild', models.PositiveIntegerField(default=0)),
                ('code', models.CharField(max_length=30, unique=True, verbose_name='code')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('kind', models.CharField(choices=[('province', 'Provincial police'), ('department', 'Department'), ('district', 'District-level police'), ('commune', 'Commune police'), ('station', 'Police station'), ('clinic', 'Clinic'), ('warehouse', 'Warehouse')], max_length=20, verbose_name='kind')),
                ('valid_from', models.DateField(default=datetime.date(2000, 1, 1), verbose_name='valid from')),
                ('valid_to', models.DateField(blank=True, null=True, verbose_name='valid to')),
                ('search_text', models.GeneratedField(db_persist=True, expression=django.db.models.functions.text.Lower(logistics.search.Translate(django.db.models.functions.text.Concat(django.db.models.functions.comparison.Coalesce(models.F('code'), models.Value(''), output_field=models.TextField()), models.Value(' '), django.db.models.functions.comparison.Coalesce(models.F('name'), models.Value(''), output_field=models.TextField()), output_field=models.TextField()), models.Value('àáạảãâầấậẩẫăằắặẳẵÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴèéẹẻẽêềếệểễÈÉẸẺẼÊỀẾỆỂỄìíịỉĩÌÍỊỈĨòóọỏõôồốộổỗơờớợởỡÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠùúụủũưừứựửữÙÚỤỦŨƯỪỨỰỬỮỳýỵỷỹỲÝỴỶỸđĐ'), models.Value('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeeeeeeeiiiiiiiiiioooooooooooooooooooooooooooooooooouuuuuuuuuuuuuuuuuuuuuuyyyyyyyyyydd'))), output_field=models.TextField())),
                ('parent', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='logistics.unit', verbose_name='parent unit')),
                ('successor', models.ForeignKey(blank=True, help_text="The unit that took over this unit's records when it was dissolved.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='predecessors', to='logistics.unit', verbose_name='successor')),
                ('search_words', models.GeneratedField(db_persist=True, expression=models.Func(models.Value('simple'), models.Func(django.db.models.functions.text.Lower(logistics.search.Translate(django.db.models.functions.text.Concat(django.db.models.functions.comparison.Coalesce(models.F('code'), models.Value(''), output_field=models.TextField()), models.Value(' '), django.db.models.functions.comparison.Coalesce(models.F('name'), models.Value(''), output_field=models.TextField()), output_field=models.TextField()), models.Value('àáạảãâầấậẩẫăằắặẳẵÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴèéẹẻẽêềếệểễÈÉẸẺẼÊỀẾỆỂỄìíịỉĩÌÍỊỈĨòóọỏõôồốộổỗơờớợởỡÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠùúụủũưừứựửữÙÚỤỦŨƯỪỨỰỬỮỳýỵỷỹỲÝỴỶỸđĐ'), models.Value('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeeeeeeeiiiiiiiiiioooooooooooooooooooooooooooooooooouuuuuuuuuuuuuuuuuuuuuuyyyyyyyyyydd'))), models.Value('[^a-z0-9]+'), models.Value(' '), models.Value('g'), function='regexp_replace'), function='to_tsvector', output_field=django.contrib.postgres.search.SearchVectorField()), output_field=django.contrib.postgres.search.SearchVectorField())),
            ],
            options={
                'verbose_name': 'unit',
                'verbose_name_plural': 'units',
                'ordering': ['path'],
                'constraints': [models.CheckConstraint(condition=models.Q(('valid_to__isnull', True), ('valid_to__gte', models.F('valid_from')), _connector='OR'), name='unit_valid_to_after_valid_from', violation_error_message='A unit cannot end before it was created.'), models.CheckConstraint(condition=models.Q(('successor__isnull', True), ('valid_to__isnull', False), _connector='OR'), name='unit_successor_only_when_dissolved', violation_error_message='Only a dissolved unit has a successor.'), models.CheckConstraint(condition=models.Q(('successor', models.F('pk')), _negated=True), name='unit_not_its_own_successor', violation_error_message='A unit cannot be its own successor.'), models.CheckConstraint(condition=models.Q(('code', ''), _negated=True), name='unit_code_not_blank', violation_error_message='Enter the code.')],
                'triggers': [pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "logistics_unitevent" ("code", "created_at", "id", "kind", "name", "parent_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "successor_id", "updated_at", "valid_from", "valid_to") VALUES (NEW."code", NEW."created_at", NEW."id", NEW."kind", NEW."name", NEW."parent_id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."successor_id", NEW."updated_at", NEW."valid_from", NEW."valid_to"); RETURN NULL;', hash='cace4cd45aecf965b1847c4bfbb0c20071b34db7', operation='INSERT', pgid='pgtrigger_insert_insert_297e4', table='logistics_unit', when='AFTER')), pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."code" IS DISTINCT FROM (NEW."code") OR OLD."created_at" IS DISTINCT FROM (NEW."created_at") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."kind" IS DISTINCT FROM (NEW."kind") OR OLD."name" IS DISTINCT FROM (NEW."name") OR OLD."parent_id" IS DISTINCT FROM (NEW."parent_id") OR OLD."successor_id" IS DISTINCT FROM (NEW."successor_id") OR OLD."updated_at" IS DISTINCT FROM (NEW."updated_at") OR OLD."valid_from" IS DISTINCT FROM (NEW."valid_from") OR OLD."valid_to" IS DISTINCT FROM (NEW."valid_to"))', func='INSERT INTO "logistics_unitevent" ("code", "created_at", "id", "kind", "name", "parent_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "successor_id", "updated_at", "valid_from", "valid_to") VALUES (NEW."code", NEW."created_at", NEW."id", NEW."kind", NEW."name", NEW."parent_id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."successor_id", NEW."updated_at", NEW."valid_from", NEW."valid_to"); RETURN NULL;', hash='f2f7e47cff752d072df1646bdfcc5589626c3605', operation='UPDATE', pgid='pgtrigger_update_update_015ba', table='logistics_unit', when='AFTER')), pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "logistics_unitevent" ("code", "created_at", "id", "kind", "name", "parent_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "successor_id", "updated_at", "valid_from", "valid_to") VALUES (OLD."code", OLD."created_at", OLD."id", OLD."kind", OLD."name", OLD."parent_id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."successor_id", OLD."updated_at", OLD."valid_from", OLD."valid_to"); RETURN NULL;', hash='2a6be81e1e5ea06460eb4eddfbe6ccd402c5c52c', operation='DELETE', pgid='pgtrigger_delete_delete_39e68', table='logistics_unit', when='AFTER'))],
                'indexes': [django.contrib.postgres.indexes.GinIndex(fields=['search_words'], name='logistics_unit_words')],
            },
        ),
        migrations.CreateModel(
            name='Personnel',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('full_name', models.CharField(max_length=120, verbose_name='full name')),
                ('service_number', models.CharField(max_length=7, unique=True, validators=[django.core.validators.RegexValidator('^\\d{3}-?\\d{3}$', 'A service number has six digits, for example 123-456.')], verbose_name='service number')),
                ('rank', models.CharField(choices=[('private', 'Private'), ('private_first_class', 'Private first class'), ('corporal', 'Corporal'), ('sergeant', 'Sergeant'), ('staff_sergeant', 'Staff sergeant'), ('second_lieutenant', 'Second lieutenant'), ('lieutenant', 'Lieutenant'), ('senior_lieutenant', 'Senior lieutenant'), ('captain', 'Captain'), ('major', 'Major'), ('lieutenant_colonel', 'Lieutenant colonel'), ('senior_lieutenant_colonel', 'Senior lieutenant colonel'), ('colonel', 'Colonel'), ('major_general', 'Major general'), ('lieutenant_general', 'Lieutenant general'), ('colonel_general', 'Colonel general'), ('general', 'General'), ('civilian', 'Police worker (civilian)')], max_length=30, verbose_name='rank')),
                ('position', models.CharField(blank=True, max_length=120, verbose_name='position')),
                ('date_of_birth', models.DateField(blank=True, null=True, verbose_name='date of birth')),
                ('is_party_member', models.BooleanField(default=False, verbose_name='Party member')),
                ('is_active', models.BooleanField(default=True, verbose_name='in service')),
                ('search_text', models.GeneratedField(db_persist=True, expression=django.db.models.functions.text.Lower(logistics.search.Translate(django.db.models.functions.text.Concat(django.db.models.functions.comparison.Coalesce(models.F('full_name'), models.Value(''), output_field=models.TextField()), models.Value(' '), django.db.models.functions.comparison.Coalesce(models.F('service_number'), models.Value(''), output_field=models.TextField()), models.Value(' '), django.db.models.functions.comparison.Coalesce(models.F('position'), models.Value(''), output_field=models.TextField()), output_field=models.TextField()), models.Value('àáạảãâầấậẩẫăằắặẳẵÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴèéẹẻẽêềếệểễÈÉẸẺẼÊỀẾỆỂỄìíịỉĩÌÍỊỈĨòóọỏõôồốộổỗơờớợởỡÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠùúụủũưừứựửữÙÚỤỦŨƯỪỨỰỬỮỳýỵỷỹỲÝỴỶỸđĐ'), models.Value('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeeeeeeeiiiiiiiiiioooooooooooooooooooooooooooooooooouuuuuuuuuuuuuuuuuuuuuuyyyyyyyyyydd'))), output_field=models.TextField())),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='personnel', to='logistics.unit', verbose_name='unit')),
                ('search_words', models.GeneratedField(db_persist=True, expression=models.Func(models.Value('simple'), models.Func(django.db.models.functions.text.Lower(logistics.search.Translate(django.db.models.functions.text.Concat(django.db.models.functions.comparison.Coalesce(models.F('full_name'), models.Value(''), output_field=models.TextField()), models.Value(' '), django.db.models.functions.comparison.Coalesce(models.F('service_number'), models.Value(''), output_field=models.TextField()), models.Value(' '), django.db.models.functions.comparison.Coalesce(models.F('position'), models.Value(''), output_field=models.TextField()), output_field=models.TextField()), models.Value('àáạảãâầấậẩẫăằắặẳẵÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴèéẹẻẽêềếệểễÈÉẸẺẼÊỀẾỆỂỄìíịỉĩÌÍỊỈĨòóọỏõôồốộổỗơờớợởỡÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠùúụủũưừứựửữÙÚỤỦŨƯỪỨỰỬỮỳýỵỷỹỲÝỴỶỸđĐ'), models.Value('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeeeeeeeiiiiiiiiiioooooooooooooooooooooooooooooooooouuuuuuuuuuuuuuuuuuuuuuyyyyyyyyyydd'))), models.Value('[^a-z0-9]+'), models.Value(' '), models.Value('g'), function='regexp_replace'), function='to_tsvector', output_field=django.contrib.postgres.search.SearchVectorField()), output_field=django.contrib.postgres.search.SearchVectorField())),
            ],
            options={
                'verbose_name': 'officer',
                'verbose_name_plural': 'personnel',
                'ordering': ['full_name', 'id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('full_name', ''), _negated=True), name='personnel_name_not_blank', violation_error_message='Enter the full name.')],
                'triggers': [pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "logistics_personnelevent" ("created_at", "date_of_birth", "full_name", "id", "is_active", "is_party_member", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "rank", "service_number", "unit_id", "updated_at") VALUES (NEW."created_at", NEW."date_of_birth", NEW."full_name", NEW."id", NEW."is_active", NEW."is_party_member", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."position", NEW."rank", NEW."service_number", NEW."unit_id", NEW."updated_at"); RETURN NULL;', hash='adc5e383a994c1c5c06a27a72df512e0b45b0bf8', operation='INSERT', pgid='pgtrigger_insert_insert_9945a', table='logistics_personnel', when='AFTER')), pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."created_at" IS DISTINCT FROM (NEW."created_at") OR OLD."date_of_birth" IS DISTINCT FROM (NEW."date_of_birth") OR OLD."full_name" IS DISTINCT FROM (NEW."full_name") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."is_active" IS DISTINCT FROM (NEW."is_active") OR OLD."is_party_member" IS DISTINCT FROM (NEW."is_party_member") OR OLD."position" IS DISTINCT FROM (NEW."position") OR OLD."rank" IS DISTINCT FROM (NEW."rank") OR OLD."service_number" IS DISTINCT FROM (NEW."service_number") OR OLD."unit_id" IS DISTINCT FROM (NEW."unit_id") OR OLD."updated_at" IS DISTINCT FROM (NEW."updated_at"))', func='INSERT INTO "logistics_personnelevent" ("created_at", "date_of_birth", "full_name", "id", "is_active", "is_party_member", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "rank", "service_number", "unit_id", "updated_at") VALUES (NEW."created_at", NEW."date_of_birth", NEW."full_name", NEW."id", NEW."is_active", NEW."is_party_member", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."position", NEW."rank", NEW."service_number", NEW."unit_id", NEW."updated_at"); RETURN NULL;', hash='d32dc0596583554c547bd8e57e176d19889e0e82', operation='UPDATE', pgid='pgtrigger_update_update_d7997', table='logistics_personnel', when='AFTER')), pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "logistics_personnelevent" ("created_at", "date_of_birth", "full_name", "id", "is_active", "is_party_member", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "rank", "service_number", "unit_id", "updated_at") VALUES (OLD."created_at", OLD."date_of_birth", OLD."full_name", OLD."id", OLD."is_active", OLD."is_party_member", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."position", OLD."rank", OLD."service_number", OLD."unit_id", OLD."updated_at"); RETURN NULL;', hash='c8db4b880322465e56d7f022a872dec8bf1b2ee0', operation='DELETE', pgid='pgtrigger_delete_delete_878db', table='logistics_personnel', when='AFTER'))],
                'indexes': [django.contrib.postgres.indexes.GinIndex(fields=['search_words'], name='logistics_personnel_words')],
            },
        ),
        migrations.CreateModel(
            name='UnitEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('code', models.CharField(max_length=30, verbose_name='code')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('kind', models.CharField(choices=[('province', 'Provincial police'), ('department', 'Department'), ('district', 'District-level police'), ('commune', 'Commune police'), ('station', 'Police station'), ('clinic', 'Clinic'), ('warehouse', 'Warehouse')], max_length=20, verbose_name='kind')),
                ('valid_from', models.DateField(default=datetime.date(2000, 1, 1), verbose_name='valid from')),
                ('valid_to', models.DateField(blank=True, null=True, verbose_name='valid to')),
                ('parent', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='logistics.unit', verbose_name='parent unit')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='logistics.unit')),
                ('successor', models.ForeignKey(blank=True, db_constraint=False, help_text="The unit that took over this unit's records when it was dissolved.", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='logistics.unit', verbose_name='successor')),
            ],
            options={
                'abstract': False,
                'triggers': [pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='4c23c150d319e228132d18a6cec8e80d997cf081', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_0981d', table='logistics_unitevent', when='BEFORE'))],
                'indexes': [models.Index(fields=['pgh_created_at', 'pgh_id'], name='logistics_u_pgh_cre_4184e5_idx'), models.Index(fields=['pgh_obj_id', 'pgh_id'], name='logistics_u_pgh_obj_cade20_idx'), models.Index(condition=models.Q(('pgh_label', 'delete')), fields=['pgh_obj_id'], name='pgh_deleted_183a28132b')],
            },
        ),
        migrations.CreateModel(
            name='User',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('password', models.CharField(max_length=128, verbose_name='password')),
                ('last_login', models.DateTimeField(blank=True, null=True, verbose_name='last login')),
                ('is_superuser', models.BooleanField(default=False, help_text='Designates that this user has all permissions without explicitly assigning them.', verbose_name='superuser status')),
                ('username', models.CharField(error_messages={'unique': 'A user with that username already exists.'}, help_text='Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.', max_length=150, unique=True, validators=[django.contrib.auth.validators.UnicodeUsernameValidator()], verbose_name='username')),
                ('first_name', models.CharField(blank=True, max_length=150, verbose_name='first name')),
                ('last_name', models.CharField(blank=True, max_length=150, verbose_name='last name')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email address')),
                ('is_staff', models.BooleanField(default=False, help_text='Designates whether the user can log into this admin site.', verbose_name='staff status')),
                ('is_active', models.BooleanField(default=True, help_text='Designates whether this user should be treated as active. Unselect this instead of deleting accounts.', verbose_name='active')),
                ('date_joined', models.DateTimeField(default=django.utils.timezone.now, verbose_name='date joined')),
                ('full_name', models.CharField(blank=True, max_length=120, verbose_name='full name')),
                ('search_text', models.GeneratedField(db_persist=True, expression=django.db.models.functions.text.Lower(logistics.search.Translate(django.db.models.functions.text.Concat(django.db.models.functions.comparison.Coalesce(models.F('username'), models.Value(''), output_field=models.TextField()), models.Value(' '), django.db.models.functions.comparison.Coalesce(models.F('full_name'), models.Value(''), output_field=models.TextField()), output_field=models.TextField()), models.Value('àáạảãâầấậẩẫăằắặẳẵÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴèéẹẻẽêềếệểễÈÉẸẺẼÊỀẾỆỂỄìíịỉĩÌÍỊỈĨòóọỏõôồốộổỗơờớợởỡÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠùúụủũưừứựửữÙÚỤỦŨƯỪỨỰỬỮỳýỵỷỹỲÝỴỶỸđĐ'), models.Value('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeeeeeeeiiiiiiiiiioooooooooooooooooooooooooooooooooouuuuuuuuuuuuuuuuuuuuuuyyyyyyyyyydd'))), output_field=models.TextField())),
                ('groups', models.ManyToManyField(blank=True, help_text='The groups this user belongs to. A user will get all permissions granted to each of their groups.', related_name='user_set', related_query_name='user', to='auth.group', verbose_name='groups')),
                ('user_permissions', models.ManyToManyField(blank=True, help_text='Specific permissions for this user.', related_name='user_set', related_query_name='user', to='auth.permission', verbose_name='user permissions')),
                ('unit', models.ForeignKey(blank=True, help_text='The user sees the records of this unit and of every unit under it.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='users', to='logistics.unit', verbose_name='unit')),
                ('search_words', models.GeneratedField(db_persist=True, expression=models.Func(models.Value('simple'), models.Func(django.db.models.functions.text.Lower(logistics.search.Translate(django.db.models.functions.text.Concat(django.db.models.functions.comparison.Coalesce(models.F('username'), models.Value(''), output_field=models.TextField()), models.Value(' '), django.db.models.functions.comparison.Coalesce(models.F('full_name'), models.Value(''), output_field=models.TextField()), output_field=models.TextField()), models.Value('àáạảãâầấậẩẫăằắặẳẵÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴèéẹẻẽêềếệểễÈÉẸẺẼÊỀẾỆỂỄìíịỉĩÌÍỊỈĨòóọỏõôồốộổỗơờớợởỡÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠùúụủũưừứựửữÙÚỤỦŨƯỪỨỰỬỮỳýỵỷỹỲÝỴỶỸđĐ'), models.Value('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeeeeeeeiiiiiiiiiioooooooooooooooooooooooooooooooooouuuuuuuuuuuuuuuuuuuuuuyyyyyyyyyydd'))), models.Value('[^a-z0-9]+'), models.Value(' '), models.Value('g'), function='regexp_replace'), function='to_tsvector', output_field=django.contrib.postgres.search.SearchVectorField()), output_field=django.contrib.postgres.search.SearchVectorField())),
            ],
            options={
                'verbose_name': 'user',
                'verbose_name_plural': 'users',
                'ordering': ['username'],
                'triggers': [pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "logistics_userevent" ("date_joined", "email", "first_name", "full_name", "id", "is_active", "is_staff", "is_superuser", "last_name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "unit_id", "username") VALUES (NEW."date_joined", NEW."email", NEW."first_name", NEW."full_name", NEW."id", NEW."is_active", NEW."is_staff", NEW."is_superuser", NEW."last_name", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."unit_id", NEW."username"); RETURN NULL;', hash='4dddbc924d94f270cbe289eae39f44cfc5b4649a', operation='INSERT', pgid='pgtrigger_insert_insert_82ca6', table='logistics_user', when='AFTER')), pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."date_joined" IS DISTINCT FROM (NEW."date_joined") OR OLD."email" IS DISTINCT FROM (NEW."email") OR OLD."first_name" IS DISTINCT FROM (NEW."first_name") OR OLD."full_name" IS DISTINCT FROM (NEW."full_name") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."is_active" IS DISTINCT FROM (NEW."is_active") OR OLD."is_staff" IS DISTINCT FROM (NEW."is_staff") OR OLD."is_superuser" IS DISTINCT FROM (NEW."is_superuser") OR OLD."last_name" IS DISTINCT FROM (NEW."last_name") OR OLD."unit_id" IS DISTINCT FROM (NEW."unit_id") OR OLD."username" IS DISTINCT FROM (NEW."username"))', func='INSERT INTO "logistics_userevent" ("date_joined", "email", "first_name", "full_name", "id", "is_active", "is_staff", "is_superuser", "last_name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "unit_id", "username") VALUES (NEW."date_joined", NEW."email", NEW."first_name", NEW."full_name", NEW."id", NEW."is_active", NEW."is_staff", NEW."is_superuser", NEW."last_name", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."unit_id", NEW."username"); RETURN NULL;', hash='a748f8a7cc4805395c8ff7f0537e442ee5e24dc2', operation='UPDATE', pgid='pgtrigger_update_update_e3bc0', table='logistics_user', when='AFTER')), pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "logistics_userevent" ("date_joined", "email", "first_name", "full_name", "id", "is_active", "is_staff", "is_superuser", "last_name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "unit_id", "username") VALUES (OLD."date_joined", OLD."email", OLD."first_name", OLD."full_name", OLD."id", OLD."is_active", OLD."is_staff", OLD."is_superuser", OLD."last_name", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."unit_id", OLD."username"); RETURN NULL;', hash='106d489f1de8648b4dd086d876c7f73a5913b06e', operation='DELETE', pgid='pgtrigger_delete_delete_5464e', table='logistics_user', when='AFTER'))],
                'indexes': [django.contrib.postgres.indexes.GinIndex(fields=['search_words'], name='logistics_user_words')],
            },
            managers=[
                ('objects', django.contrib.auth.models.UserManager()),
            ],
        ),
        migrations.CreateModel(
            name='UserEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('is_superuser', models.BooleanField(default=False, help_text='Designates that this user has all permissions without explicitly assigning them.', verbose_name='superuser status')),
                ('username', models.CharField(error_messages={'unique': 'A user with that username already exists.'}, help_text='Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.', max_length=150, validators=[django.contrib.auth.validators.UnicodeUsernameValidator()], verbose_name='username')),
                ('first_name', models.CharField(blank=True, max_length=150, verbose_name='first name')),
                ('last_name', models.CharField(blank=True, max_length=150, verbose_name='last name')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email address')),
                ('is_staff', models.BooleanField(default=False, help_text='Designates whether the user can log into this admin site.', verbose_name='staff status')),
                ('is_active', models.BooleanField(default=True, help_text='Designates whether this user should be treated as active. Unselect this instead of deleting accounts.', verbose_name='active')),
                ('date_joined', models.DateTimeField(default=django.utils.timezone.now, verbose_name='date joined')),
                ('full_name', models.CharField(blank=True, max_length=120, verbose_name='full name')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to=settings.AUTH_USER_MODEL)),
                ('unit', models.ForeignKey(blank=True, db_constraint=False, help_text='The user sees the records of this unit and of every unit under it.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='logistics.unit', verbose_name='unit')),
            ],
            options={
                'abstract': False,
                'triggers': [pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='82be16c2e6aed1b38cc4d1d0adea50097abf8fb6', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_19a77', table='logistics_userevent', when='BEFORE'))],
                'indexes': [models.Index(fields=['pgh_created_at', 'pgh_id'], name='logistics_u_pgh_cre_bc6ee2_idx'), models.Index(fields=['pgh_obj_id', 'pgh_id'], name='logistics_u_pgh_obj_866af8_idx'), models.Index(condition=models.Q(('pgh_label', 'delete')), fields=['pgh_obj_id'], name='pgh_deleted_0f1746d5a0')],
            },
        ),
        migrations.CreateModel(
            name='Attachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('object_id', models.PositiveBigIntegerField()),
                ('file', models.FileField(max_length=300, upload_to=logistics.models.records.attachment_path, verbose_name='file')),
                ('original_name', models.CharField(max_length=255, verbose_name='file name')),
                ('size', models.PositiveBigIntegerField(verbose_name='size (bytes)')),
                ('checksum', models.CharField(max_length=64, verbose_name='SHA-256')),
                ('description', models.CharField(blank=True, max_length=255, verbose_name='description')),
                ('uploaded_at', models.DateTimeField(auto_now_add=True, verbose_name='uploaded at')),
                ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='contenttypes.contenttype')),
                ('uploaded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
            ],
            options={
                'verbose_name': 'attachment',
                'verbose_name_plural': 'attachments',
                'ordering': ['uploaded_at', 'id'],
                'indexes': [models.Index(fields=['content_type', 'object_id'], name='logistics_a_content_cd0d2d_idx')],
                'triggers': [pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "logistics_attachmentevent" ("checksum", "content_type_id", "description", "file", "id", "object_id", "original_name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "size", "uploaded_at", "uploaded_by_id") VALUES (NEW."checksum", NEW."content_type_id", NEW."description", NEW."file", NEW."id", NEW."object_id", NEW."original_name", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."size", NEW."uploaded_at", NEW."uploaded_by_id"); RETURN NULL;', hash='bea85265fd765c4aadab33cc2a17fcccd5c73316', operation='INSERT', pgid='pgtrigger_insert_insert_df61a', table='logistics_attachment', when='AFTER')), pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "logistics_attachmentevent" ("checksum", "content_type_id", "description", "file", "id", "object_id", "original_name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "size", "uploaded_at", "uploaded_by_id") VALUES (NEW."checksum", NEW."content_type_id", NEW."description", NEW."file", NEW."id", NEW."object_id", NEW."original_name", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."size", NEW."uploaded_at", NEW."uploaded_by_id"); RETURN NULL;', hash='28cb3ef0d46b984a882ba7b802073f86e19d44c9', operation='UPDATE', pgid='pgtrigger_update_update_da852', table='logistics_attachment', when='AFTER')), pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "logistics_attachmentevent" ("checksum", "content_type_id", "description", "file", "id", "object_id", "original_name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "size", "uploaded_at", "uploaded_by_id") VALUES (OLD."checksum", OLD."content_type_id", OLD."description", OLD."file", OLD."id", OLD."object_id", OLD."original_name", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."size", OLD."uploaded_at", OLD."uploaded_by_id"); RETURN NULL;', hash='b8378c18ceb27560980fbd19f358b9d9b8f4cfa0', operation='DELETE', pgid='pgtrigger_delete_delete_3ea18', table='logistics_attachment', when='AFTER'))],
            },
        ),
        migrations.CreateModel(
            name='AttachmentEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('object_id', models.PositiveBigIntegerField()),
                ('file', models.FileField(max_length=300, upload_to=logistics.models.records.attachment_path, verbose_name='file')),
                ('original_name', models.CharField(max_length=255, verbose_name='file name')),
                ('size', models.PositiveBigIntegerField(verbose_name='size (bytes)')),
                ('checksum', models.CharField(max_length=64, verbose_name='SHA-256')),
                ('description', models.CharField(blank=True, max_length=255, verbose_name='description')),
                ('uploaded_at', models.DateTimeField(auto_now_add=True, verbose_name='uploaded at')),
                ('content_type', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='contenttypes.contenttype')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='logistics.attachment')),
                ('uploaded_by', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
            ],
            options={
                'abstract': False,
                'triggers': [pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='78e5e2e1a26b52f8b428bda3f477893bd6a2766c', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_96285', table='logistics_attachmentevent', when='BEFORE'))],
                'indexes': [models.Index(fields=['pgh_created_at', 'pgh_id'], name='logistics_a_pgh_cre_ce9709_idx'), models.Index(fields=['pgh_obj_id', 'pgh_id'], name='logistics_a_pgh_obj_346264_idx'), models.Index(condition=models.Q(('pgh_label', 'delete')), fields=['pgh_obj_id'], name='pgh_deleted_985a36fcfb')],
            },
        ),
        migrations.CreateModel(
            name='ExportLog',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source', models.CharField(max_length=100, verbose_name='list')),
                ('source_label', models.CharField(max_length=200, verbose_name='list name')),
                ('format', models.CharField(choices=[('csv', 'CSV'), ('xlsx', 'Excel (XLSX)'), ('pdf', 'PDF')], max_length=10, verbose_name='format')),
                ('channel', models.CharField(default='web', max_length=10, verbose_name='channel')),
                ('filters', models.JSONField(blank=True, default=dict, verbose_name='filters')),
                ('row_count', models.PositiveIntegerField(blank=True, null=True, verbose_name='rows')),
                ('started_at', models.DateTimeField(auto_now_add=True, verbose_name='started at')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='exports', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'export',
                'verbose_name_plural': 'export log',
                'ordering': ['-started_at', '-id'],
                'indexes': [models.Index(fields=['-started_at'], name='logistics_e_started_23d4ea_idx')],
                'triggers': [pgtrigger.compiler.Trigger(name='export_log_keep', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot delete rows from % table', TG_TABLE_NAME;", hash='91999ecfb0a3bf3502decb2b2e7f26ae1e8f32e3', operation='DELETE', pgid='pgtrigger_export_log_keep_8f315', table='logistics_exportlog', when='BEFORE'))],
            },
        ),
        migrations.CreateModel(
            name='PersonnelEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('full_name', models.CharField(max_length=120, verbose_name='full name')),
                ('service_number', models.CharField(max_length=7, validators=[django.core.validators.RegexValidator('^\\d{3}-?\\d{3}$', 'A service number has six digits, for example 123-456.')], verbose_name='service number')),
                ('rank', models.CharField(choices=[('private', 'Private'), ('private_first_class', 'Private first class'), ('corporal', 'Corporal'), ('sergeant', 'Sergeant'), ('staff_sergeant', 'Staff sergeant'), ('second_lieutenant', 'Second lieutenant'), ('lieutenant', 'Lieutenant'), ('senior_lieutenant', 'Senior lieutenant'), ('captain', 'Captain'), ('major', 'Major'), ('lieutenant_colonel', 'Lieutenant colonel'), ('senior_lieutenant_colonel', 'Senior lieutenant colonel'), ('colonel', 'Colonel'), ('major_general', 'Major general'), ('lieutenant_general', 'Lieutenant general'), ('colonel_general', 'Colonel general'), ('general', 'General'), ('civilian', 'Police worker (civilian)')], max_length=30, verbose_name='rank')),
                ('position', models.CharField(blank=True, max_length=120, verbose_name='position')),
                ('date_of_birth', models.DateField(blank=True, null=True, verbose_name='date of birth')),
                ('is_party_member', models.BooleanField(default=False, verbose_name='Party member')),
                ('is_active', models.BooleanField(default=True, verbose_name='in service')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='logistics.personnel')),
                ('unit', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='logistics.unit', verbose_name='unit')),
            ],
            options={
                'abstract': False,
                'triggers': [pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='cd70f08641166a148b1844253d36bf71a579b45b', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_88435', table='logistics_personnelevent', when='BEFORE'))],
                'indexes': [models.Index(fields=['pgh_created_at', 'pgh_id'], name='logistics_p_pgh_cre_ffea5a_idx'), models.Index(fields=['pgh_obj_id', 'pgh_id'], name='logistics_p_pgh_obj_a1259b_idx'), models.Index(condition=models.Q(('pgh_label', 'delete')), fields=['pgh_obj_id'], name='pgh_deleted_085a0b8a51')],
            },
        ),
        migrations.CreateModel(
            name='Supplier',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('kind', models.CharField(choices=[('supplier', 'Supplier'), ('contractor', 'Contractor'), ('both', 'Supplier and contractor')], default='supplier', max_length=20, verbose_name='kind')),
                ('tax_code', models.CharField(max_length=14, unique=True, validators=[django.core.validators.RegexValidator('^\\d{10}(-\\d{3})?$', 'A tax code has 10 digits, or 10 digits, a dash and 3 digits for a branch.')], verbose_name='tax code')),
                ('address', models.CharField(blank=True, max_length=300, verbose_name='address')),
                ('contact_person', models.CharField(blank=True, max_length=120, verbose_name='contact person')),
                ('phone', models.CharField(blank=True, max_length=30, verbose_name='phone')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('search_text', models.GeneratedField(db_persist=True, expression=django.db.models.functions.text.Lower(logistics.search.Translate(django.db.models.functions.text.Concat(django.db.models.functions.comparison.Coalesce(models.F('name'), models.Value(''), output_field=models.TextField()), models.Value(' '), django.db.models.functions.comparison.Coalesce(models.F('tax_code'), models.Value(''), output_field=models.TextField()), models.Value(' '), django.db.models.functions.comparison.Coalesce(models.F('address'), models.Value(''), output_field=models.TextField()), models.Value(' '), django.db.models.functions.comparison.Coalesce(models.F('contact_person'), models.Value(''), output_field=models.TextField()), output_field=models.TextField()), models.Value('àáạảãâầấậẩẫăằắặẳẵÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴèéẹẻẽêềếệểễÈÉẸẺẼÊỀẾỆỂỄìíịỉĩÌÍỊỈĨòóọỏõôồốộổỗơờớợởỡÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠùúụủũưừứựửữÙÚỤỦŨƯỪỨỰỬỮỳýỵỷỹỲÝỴỶỸđĐ'), models.Value('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeeeeeeeiiiiiiiiiioooooooooooooooooooooooooooooooooouuuuuuuuuuuuuuuuuuuuuuyyyyyyyyyydd'))), output_field=models.TextField())),
                ('search_words', models.GeneratedField(db_persist=True, expression=models.Func(models.Value('simple'), models.Func(django.db.models.functions.text.Lower(logistics.search.Translate(django.db.models.functions.text.Concat(django.db.models.functions.comparison.Coalesce(models.F('name'), models.Value(''), output_field=models.TextField()), models.Value(' '), django.db.models.functions.comparison.Coalesce(models.F('tax_code'), models.Value(''), output_field=models.TextField()), models.Value(' '), django.db.models.functions.comparison.Coalesce(models.F('address'), models.Value(''), output_field=models.TextField()), models.Value(' '), django.db.models.functions.comparison.Coalesce(models.F('contact_person'), models.Value(''), output_field=models.TextField()), output_field=models.TextField()), models.Value('àáạảãâầấậẩẫăằắặẳẵÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴèéẹẻẽêềếệểễÈÉẸẺẼÊỀẾỆỂỄìíịỉĩÌÍỊỈĨòóọỏõôồốộổỗơờớợởỡÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠùúụủũưừứựửữÙÚỤỦŨƯỪỨỰỬỮỳýỵỷỹỲÝỴỶỸđĐ'), models.Value('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeeeeeeeiiiiiiiiiioooooooooooooooooooooooooooooooooouuuuuuuuuuuuuuuuuuuuuuyyyyyyyyyydd'))), models.Value('[^a-z0-9]+'), models.Value(' '), models.Value('g'), function='regexp_replace'), function='to_tsvector', output_field=django.contrib.postgres.search.SearchVectorField()), output_field=django.contrib.postgres.search.SearchVectorField())),
            ],
            options={
                'verbose_name': 'supplier',
                'verbose_name_plural': 'suppliers and contractors',
                'ordering': ['name', 'id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('name', ''), _negated=True), name='supplier_name_not_blank', violation_error_message='Enter the name.')],
                'triggers': [pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "logistics_supplierevent" ("address", "contact_person", "created_at", "email", "id", "is_active", "kind", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "tax_code", "updated_at") VALUES (NEW."address", NEW."contact_person", NEW."created_at", NEW."email", NEW."id", NEW."is_active", NEW."kind", NEW."name", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."phone", NEW."tax_code", NEW."updated_at"); RETURN NULL;', hash='176136107610b76eeb62dac4262a14945c6492a6', operation='INSERT', pgid='pgtrigger_insert_insert_c8fbe', table='logistics_supplier', when='AFTER')), pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."address" IS DISTINCT FROM (NEW."address") OR OLD."contact_person" IS DISTINCT FROM (NEW."contact_person") OR OLD."created_at" IS DISTINCT FROM (NEW."created_at") OR OLD."email" IS DISTINCT FROM (NEW."email") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."is_active" IS DISTINCT FROM (NEW."is_active") OR OLD."kind" IS DISTINCT FROM (NEW."kind") OR OLD."name" IS DISTINCT FROM (NEW."name") OR OLD."phone" IS DISTINCT FROM (NEW."phone") OR OLD."tax_code" IS DISTINCT FROM (NEW."tax_code") OR OLD."updated_at" IS DISTINCT FROM (NEW."updated_at"))', func='INSERT INTO "logistics_supplierevent" ("address", "contact_person", "created_at", "email", "id", "is_active", "kind", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "tax_code", "updated_at") VALUES (NEW."address", NEW."contact_person", NEW."created_at", NEW."email", NEW."id", NEW."is_active", NEW."kind", NEW."name", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."phone", NEW."tax_code", NEW."updated_at"); RETURN NULL;', hash='6763b27edfc296a31294c2ef1f9cda37cdb42c45', operation='UPDATE', pgid='pgtrigger_update_update_2bf0d', table='logistics_supplier', when='AFTER')), pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "logistics_supplierevent" ("address", "contact_person", "created_at", "email", "id", "is_active", "kind", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "tax_code", "updated_at") VALUES (OLD."address", OLD."contact_person", OLD."created_at", OLD."email", OLD."id", OLD."is_active", OLD."kind", OLD."name", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."phone", OLD."tax_code", OLD."updated_at"); RETURN NULL;', hash='dc41dd1cda50e9213db3cd054f40268aa14de7fb', operation='DELETE', pgid='pgtrigger_delete_delete_8f756', table='logistics_supplier', when='AFTER'))],
                'indexes': [django.contrib.postgres.indexes.GinIndex(fields=['search_words'], name='logistics_supplier_words')],
            },
        ),
        migrations.CreateModel(
            name='SupplierEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('kind', models.CharField(choices=[('supplier', 'Supplier'), ('contractor', 'Contractor'), ('both', 'Supplier and contractor')], default='supplier', max_length=20, verbose_name='kind')),
                ('tax_code', models.CharField(max_length=14, validators=[django.core.validators.RegexValidator('^\\d{10}(-\\d{3})?$', 'A tax code has 10 digits, or 10 digits, a dash and 3 digits for a branch.')], verbose_name='tax code')),
                ('address', models.CharField(blank=True, max_length=300, verbose_name='address')),
                ('contact_person', models.CharField(blank=True, max_length=120, verbose_name='contact person')),
                ('phone', models.CharField(blank=True, max_length=30, verbose_name='phone')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email')),
                ('is_active', models.BooleanField(default=True, verbose_name='active')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='logistics.supplier')),
            ],
            options={
                'abstract': False,
                'triggers': [pgtrigger.compiler.Trigger(name='append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='feb0e1a909c64bae9967a529a72d21a84912d573', operation='UPDATE OR DELETE', pgid='pgtrigger_append_only_05095', table='logistics_supplierevent', when='BEFORE'))],
                'indexes': [models.Index(fields=['pgh_created_at', 'pgh_id'], name='logistics_s_pgh_cre_8baae6_idx'), models.Index(fields=['pgh_obj_id', 'pgh_id'], name='logistics_s_pgh_obj_6eb75d_idx'), models.Index(condition=models.Q(('pgh_label', 'delete')), fields=['pgh_obj_id'], name='pgh_deleted_512e9ce976')],
            },
        ),
        migrations.CreateModel(
            name='Change',
            fields=[
                ('id', models.TextField(primary_key=True, serialize=False)),
                ('model', models.TextField(verbose_name='kind of record')),
                ('event_id', models.IntegerField(verbose_name='event number')),
                ('created_at', models.DateTimeField(verbose_name='time')),
                ('action', models.TextField(choices=[('insert', 'Created'), ('update', 'Changed'), ('delete', 'Deleted')], verbose_name='action')),
                ('object_id', models.BigIntegerField(verbose_name='record number')),
                ('context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context', verbose_name='request')),
            ],
            options={
                'verbose_name': 'change',
                'verbose_name_plural': 'change log',
                'db_table': 'logistics_change',
                'ordering': ['-created_at', '-event_id'],
                'managed': False,
                'default_permissions': ('view',),
            },
        ),
        migrations.RunPython(
            code=create_roles,
            reverse_code=migrations.RunPython.noop,
        ),
        migrations.RunSQL(
            sql='CREATE INDEX IF NOT EXISTS logistics_change_context_metadata ON pghistory_context USING gin (metadata jsonb_path_ops)',
            reverse_sql='DROP INDEX IF EXISTS logistics_change_context_metadata',
        ),
    ]
