"""Human labels for the rows the platform points at ("Заявка #12 «Стрижка»", "Пользователь Ольга Л."),
so the admin's event and audit lists show words, not `appointments.appointment #12`.

The platform imports no domain app: each app registers, in `AppConfig.ready()`, a labeler for its
subject types (`register_labeler`) and the accounts app the names of users (`register_user_names`).
A labeler answers for many ids at once (one query), so a page of any size costs one query per
subject type on it, never one per row."""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from apps.common.formats import language_of

# (ids, language) -> {id: label}; ids it does not know (rows gone) are left out
Labeler = Callable[[Sequence[str], str], dict[str, str]]
# user ids -> {id: the name people know them by}
UserNames = Callable[[Sequence[int]], dict[int, str]]
# (name, language) -> the label of a user as a target ("Пользователь Ольга Л.")
UserPhrase = Callable[[str, str], str]

_labelers: dict[str, Labeler] = {}
_user_names: list[tuple[str, UserNames, UserPhrase]] = []

SYSTEM = {"ru": "Система", "en": "System"}


def register_labeler(subject_type: str, labeler: Labeler) -> None:
    _labelers[subject_type] = labeler


def register_user_names(subject_type: str, names: UserNames, phrase: UserPhrase) -> None:
    """The accounts app: how users are named (actors) and labelled as targets of `subject_type`."""
    _user_names[:] = [(subject_type, names, phrase)]


def user_names(ids: Iterable[int | None]) -> dict[int, str]:
    wanted = sorted({int(i) for i in ids if i})
    if not wanted or not _user_names:
        return {}
    return _user_names[0][1](wanted)


def page_labels(targets: Sequence[tuple[str, str]], actor_ids: Iterable[int | None],
                language: str | None) -> tuple[dict[tuple[str, str], str], dict[int, str]]:
    """Labels of a page's targets and names of its actors: one query for every user on the page
    (actors and targets alike), one per other subject type."""
    language = language_of(language)
    user_type = _user_names[0][0] if _user_names else None
    user_targets = [int(i) for t, i in targets if t == user_type and str(i).isdigit()]
    names = user_names([*actor_ids, *user_targets])
    labels = labels_for([(t, i) for t, i in targets if t != user_type], language)
    if user_type:
        phrase = _user_names[0][2]
        labels.update({(user_type, str(pk)): phrase(names[pk], language) for pk in user_targets if pk in names})
    return labels, names


def labels_for(refs: Iterable[tuple[str, str]], language: str | None) -> dict[tuple[str, str], str]:
    """Labels of `(subject_type, subject_id)` references, in `language`; one labeler call per type.
    References nobody labels (unknown type, row gone) are left out."""
    language = language_of(language)
    by_type: dict[str, set[str]] = defaultdict(set)
    for subject_type, subject_id in refs:
        if subject_type and subject_id:
            by_type[subject_type].add(str(subject_id))
    labels: dict[tuple[str, str], str] = {}
    for subject_type, ids in by_type.items():
        labeler = _labelers.get(subject_type)
        if labeler is None:
            continue
        for subject_id, label in labeler(sorted(ids), language).items():
            labels[subject_type, str(subject_id)] = label
    return labels


def fallback_label(subject_type: str, subject_id: str, representation: str = "") -> str:
    """What to show when no labeler knows the row: what was written down at the time, else the ref."""
    if representation:
        return representation
    if not subject_type:
        return ""
    return f"{subject_type} #{subject_id}" if subject_id else subject_type


def int_ids(ids: Sequence[str]) -> list[int]:
    """The ids that are integers (subject ids are stored as text)."""
    out = []
    for value in ids:
        try:
            out.append(int(value))
        except (TypeError, ValueError):
            continue
    return out


FLAG = {"ru": "Флаг «{key}»", "en": "Flag “{key}”"}


def _flag_labels(ids: Sequence[str], language: str) -> dict[str, str]:
    from .flags.models import FeatureFlag

    rows = FeatureFlag.objects.filter(pk__in=int_ids(ids)).values_list("pk", "key")
    return {str(pk): FLAG[language].format(key=key) for pk, key in rows}


def register_platform_labelers() -> None:
    register_labeler("platform.featureflag", _flag_labels)
