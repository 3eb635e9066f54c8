"""Change history of content objects: what changed between versions, and restoring one.

django-reversion stores a version of an object at every save, and with ``follow=`` the
versions of its dependants (a profile's salary bands, sections and sources) in the same
revision. This module reads those versions as a field diff for the admin and restores an
object *with its dependants* to an earlier state, as a new revision of its own.

Restoring touches only the object and what it follows, never other objects that happen to
share the revision (an import writes vocabulary terms into the profile's revision; bringing
back an old profile must not rename a tool someone fixed since).
"""

from dataclasses import dataclass, field

import reversion
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils.formats import localize
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from reversion.errors import RevertError
from reversion.models import Version

# Not worth showing in a diff: they change with every save.
HIDDEN_FIELDS = {"id", "updated_at"}


# What each model's versions follow, and which fields a restore keeps as they are, as
# registered (``register``): django-reversion keeps its own record of it private.
_follows = {}
_kept = {}


def register(follow=(), exclude=(), keep=()):
    """Class decorator: record every change of the model in the history (django-reversion),
    together with the related rows of ``follow`` (reverse foreign keys, e.g. a profile's
    salary bands), which ``history`` and ``restore`` treat as part of the object. Fields in
    ``exclude`` (personal data that is deleted on a schedule) are never recorded; a restore
    keeps their current values, and those of the recorded fields in ``keep`` (facts an
    older state must not undo, e.g. a posting's one extension; ``keep`` may also name a
    plain attribute of the object as read, which the restore's final save then sees)."""

    def decorator(model):
        _follows[model] = tuple(follow)
        _kept[model] = (*exclude, *keep)
        return reversion.register(follow=follow, exclude=exclude)(model)

    return decorator


class RestoreError(Exception):
    pass


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    version: Version
    changes: list = field(default_factory=list)
    is_current: bool = False

    @property
    def revision(self):
        return self.version.revision


def _followed(model):
    """(related model, foreign key attname, relation label) for each followed relation."""
    for name in _follows.get(model, ()):
        relation = model._meta.get_field(name)
        yield relation.related_model, relation.field.attname


def _child_versions(version):
    """Versions of the object's dependants stored in the same revision."""
    children = []
    for model, fk_attname in _followed(version.content_type.model_class()):
        content_type = ContentType.objects.get_for_model(model)
        for child in version.revision.version_set.filter(content_type=content_type):
            if str(child.field_dict.get(fk_attname)) == version.object_id:
                children.append(child)
    return children


def _display(model, name, value):
    if value is None or value == "":
        return "–"
    model_field = model._meta.get_field(name.removesuffix("_id"))
    if isinstance(model_field, models.ManyToManyField):
        related = model_field.related_model.objects.filter(pk__in=value)
        return ", ".join(sorted(str(term) for term in related)) or "–"
    if isinstance(model_field, models.ForeignKey):
        related = model_field.related_model.objects.filter(pk=value).first()
        return str(related) if related else f"#{value}"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    return str(localize(value))


def _label(model, name):
    return str(model._meta.get_field(name.removesuffix("_id")).verbose_name)


def _field_changes(model, old, new, prefix=""):
    changes = []
    for name, value in new.items():
        if name in HIDDEN_FIELDS:
            continue
        before = old.get(name) if old is not None else None
        if isinstance(value, list):
            value, before = sorted(value), sorted(before or [])
        if old is not None and before == value:
            continue
        if old is None and value in (None, "", []):
            continue
        changes.append(
            Change(
                f"{prefix}{_label(model, name)}",
                _display(model, name, before) if old is not None else "–",
                _display(model, name, value),
            )
        )
    return changes


def _diff(version, previous):
    model = version.content_type.model_class()
    changes = _field_changes(model, previous.field_dict if previous else None, version.field_dict)
    old_children = (
        {(c.content_type_id, c.object_id): c for c in _child_versions(previous)} if previous else {}
    )
    new_children = {(c.content_type_id, c.object_id): c for c in _child_versions(version)}
    for key, child in new_children.items():
        child_model = child.content_type.model_class()
        prefix = f"{child_model._meta.verbose_name} „{child.object_repr}“: "
        before = old_children.get(key)
        if before is None:
            changes.append(Change(str(child_model._meta.verbose_name), "–", child.object_repr))
        else:
            changes.extend(_field_changes(child_model, before.field_dict, child.field_dict, prefix))
    for key, child in old_children.items():
        if key not in new_children:
            changes.append(
                Change(
                    str(child.content_type.model_class()._meta.verbose_name), child.object_repr, "–"
                )
            )
    return changes


def history(obj):
    """The object's versions, newest first, each with what it changed against the one before."""
    versions = list(
        Version.objects.get_for_object(obj)
        .select_related("revision", "revision__user")
        .order_by("revision__date_created", "pk")
    )
    entries = []
    previous = None
    for version in versions:
        entries.append(HistoryEntry(version, _diff(version, previous)))
        previous = version
    if entries:
        entries[-1].is_current = True
    return entries[::-1]


def last_change(obj):
    """(user or None, date) of the latest version of ``obj``, or None without history."""
    version = (
        Version.objects.get_for_object(obj)
        .select_related("revision__user")
        .order_by("-revision__date_created", "-pk")
        .first()
    )
    if version is None:
        return None
    return version.revision.user, version.revision.date_created


def restore(version, user, check=None):
    """Bring the object of ``version`` and its dependants back to that state.

    Dependants added since are deleted, removed ones come back, changed ones get their old
    values; the fields the history does not record (or ``keep``s) stay as they are. The result is saved as a new revision, so a restore can itself be undone.
    ``check(obj, version)``, given the current object locked before anything changes, may
    refuse the restore by raising ``RestoreError``.
    """
    model = version.content_type.model_class()
    wanted = [version, *_child_versions(version)]
    when = localize(localtime(version.revision.date_created))
    try:
        with transaction.atomic(), reversion.create_revision():
            reversion.set_user(user)
            reversion.set_comment(_("Stand vom %(date)s wiederhergestellt.") % {"date": when})
            obj = model._default_manager.select_for_update().get(pk=version.object_id)
            if check is not None:
                check(obj, version)
            kept = {name: getattr(obj, name) for name in _kept.get(model, ())}
            # All current dependants go first; reverting brings back the old ones under their
            # old primary keys. Deleting only the newer ones would let an old band collide
            # with a current one of the same level (e.g. after two bands traded levels).
            for child_model, fk_attname in _followed(model):
                for child in child_model._default_manager.filter(**{fk_attname: obj.pk}):
                    child.delete()
            for item in wanted:
                with transaction.atomic():
                    item.revert()
            # A normal save on top: new "last changed" time and edit token, and the
            # restored state becomes the newest version.
            obj = model._default_manager.get(pk=obj.pk)
            for name, value in kept.items():
                setattr(obj, name, value)
            obj.save()
    except (IntegrityError, RevertError, model.DoesNotExist) as error:
        raise RestoreError(
            _(
                "Dieser Stand lässt sich nicht wiederherstellen, weil er nicht mehr zu den "
                "heutigen Daten passt. Bitte übertragen Sie die Werte von Hand."
            )
        ) from error
    return obj
