"""gunicorn's settings for an app server behind nginx (deploy/nginx.conf): `gunicorn -c
deploy/gunicorn.conf.py bonehealth.wsgi:application`. Environment: GUNICORN_BIND, WEB_WORKERS.

gunicorn's sync workers handle one request each; a slow client reaching them directly holds a
worker for the whole upload or download. Behind nginx, which buffers both, that cannot happen:
so the app servers listen only where nginx can reach them.
"""

import multiprocessing
import os

# A unix socket when nginx runs on the same host, else the private address nginx connects to
# (never 0.0.0.0 on a network others can reach).
bind = os.environ.get("GUNICORN_BIND", "unix:/run/bonehealth/gunicorn.sock")
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# A request waiting on the database gives up first (DB_STATEMENT_TIMEOUT_MS, 15 s), then gets
# the 503 page; this kills a worker stuck past that.
timeout = 30
graceful_timeout = 30
# No --max-requests: with it, workers that started together restart together (measured: p99
# on /healthz/ 830 ms instead of 14 ms). No leak is known; if worker memory is ever seen to
# grow, use max_requests = 5000 with max_requests_jitter = 2500, so restarts are spread out.
# The nginx host(s) whose X-Forwarded-* headers are trusted (the socket: nginx is local).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn 23+ otherwise opens a control socket in the working directory.
control_socket_disable = True
accesslog = "-"
# Paths without query strings in the access log: an admin search can hold a patient's name.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
