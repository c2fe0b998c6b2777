"""The health check a load balancer or uptime monitor polls: GET /healthz/ answers "ok".

Deliberately touches neither the database nor the cache, so a slow database does not take
every app server out of the pool at once; it also serves as the benchmark's baseline view
(the cost of the middleware stack alone).
"""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
@never_cache
def healthz(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
