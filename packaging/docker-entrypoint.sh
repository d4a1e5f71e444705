#!/bin/sh
# First start: create a configuration for $GOVMAIL_DOMAIN (listening on all interfaces inside
# the container) and, when $GOVMAIL_ADMIN is set (e.g. quantri), the web console's first
# administrator, whose one-time password goes to the container's log once; then run govmail
# with the given arguments.
set -e
if [ ! -e /etc/govmail/govmail.toml ]; then
    tmp=$(mktemp -d)
    govmail init "$tmp/etc" --domain "${GOVMAIL_DOMAIN:-example.gov.vn}" --data-dir /var/lib/govmail \
        ${GOVMAIL_ADMIN:+--admin "$GOVMAIL_ADMIN"}
    sed -i 's/"127\.0\.0\.1:/"0.0.0.0:/' "$tmp/etc/govmail.toml"
    cp -r "$tmp/etc/." /etc/govmail/
    rm -rf "$tmp"
fi
exec govmail "$@"
