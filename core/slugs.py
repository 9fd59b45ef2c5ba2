from django.utils.text import slugify
from pypinyin import lazy_pinyin


def pinyin_slug(title, parent=None, max_length=60, exclude=None):
    """A readable URL slug from a Chinese title (海馨园邻里之家 → haixinyuan-linlizhijia), unique
    among siblings (`exclude`: the page itself, when it is already one of them)."""
    title = title.replace("邻里之家", "")
    base = slugify("-".join(lazy_pinyin(title)).replace("--", "-"))[:max_length].strip("-")
    base = base.replace("-", "") if len(base) <= 40 else base
    base = base or "page"
    if parent is None:
        return base
    siblings = parent.get_children()
    if exclude is not None:
        siblings = siblings.exclude(pk=exclude.pk)
    taken = set(siblings.values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
