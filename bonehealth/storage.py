"""WhiteNoise's compressed manifest storage, remembering each static file's URL.

`{% static %}` asks the storage for a URL on every render: a manifest lookup, `urljoin` and
quoting, about 15 µs, six to ten times per page. With a manifest the hashed names are fixed for
the life of the process (a deploy runs collectstatic, then restarts the app servers), so each
name's URL is computed once. `force=True` (collectstatic's own use) is never remembered.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage

# Every static file a template names, with room to spare; beyond it URLs are computed each time.
MAX_REMEMBERED = 2000


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._remembered_urls = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force=True)
        url = self._remembered_urls.get(name)
        if url is None:
            url = super().url(name)
            if len(self._remembered_urls) < MAX_REMEMBERED:
                self._remembered_urls[name] = url
        return url
