"""`{% url %}` with its results remembered: a template builtin (TEMPLATES OPTIONS "builtins")
that replaces Django's tag in every template.

Django's tag calls `reverse()` on every render: about 20-30 µs each, and a page shell alone has
a dozen links (the navigation, the logout form's action), so reversing was about a third of the
time to render the base template. A URL is a pure function of the URLconf, the script prefix,
the current app (namespaced URLs such as the admin's), the view name and the arguments (and of
the language for translated URL patterns, which this project does not use: a test fails if one
appears), so the result is remembered per process for those, in a bounded LRU. Only arguments
that are plain `str` or `int` are remembered (a model instance or a lazy string is reversed
every time), and the memory is emptied when the URLconf changes
(`override_settings(ROOT_URLCONF=...)` in tests), as Django empties its own URL caches.

Everything else, including `{% url ... as var %}` and NoReverseMatch, behaves as Django's tag.
"""

from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import Library, defaulttags
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape

register = Library()

CACHEABLE = (str, int)


@lru_cache(maxsize=4096)
def _remembered(urlconf, prefix, current_app, view_name, args, kwargs):
    # urlconf and prefix are part of the key only: reverse() reads them itself.
    return reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app)


def cached_reverse(view_name, args, kwargs, current_app):
    values = [*args, *kwargs.values()]
    # isinstance: a template's string literals are SafeStrings. Lazy strings are not str.
    if not (isinstance(view_name, str) and all(isinstance(v, CACHEABLE) for v in values)):
        return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    if not isinstance(urlconf, str):
        return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    return _remembered(
        urlconf,
        get_script_prefix(),
        current_app,
        view_name,
        tuple(args),
        tuple(sorted(kwargs.items())),
    )


@receiver(setting_changed)
def forget_on_urlconf_change(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _remembered.cache_clear()


class CachedURLNode(defaulttags.URLNode):
    def render(self, context):
        # Django's URLNode.render, with cached_reverse in place of reverse.
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = cached_reverse(view_name, args, kwargs, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        if context.autoescape:
            url = conditional_escape(url)
        return url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    node.__class__ = CachedURLNode
    return node
