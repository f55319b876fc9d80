#!/bin/sh
# nginx reads no environment variables and bench fills placeholders in the environment only, not in a command:
# write the port bench gives ($PORT) into the config, then become nginx (PID 1, so docker's signals reach it).
set -eu
case "${PORT:-}" in
  '' | *[!0-9]*) echo "start.sh: PORT must be a port number, got '${PORT:-}'" >&2; exit 2 ;;
esac
sed "s/@PORT@/$PORT/" /etc/nginx/nginx-static.conf.in > /tmp/nginx.conf
exec /usr/sbin/nginx -c /tmp/nginx.conf -g 'daemon off;'
