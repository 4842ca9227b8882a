#!/bin/sh
# Backs up Tandem's PostgreSQL database with pg_dump (custom format: compressed, restorable table
# by table) and keeps the last 14 days. Run it from cron or a systemd timer, e.g. nightly:
#   15 3 * * *  tandem  DATABASE_URL=postgres://… /opt/tandem/deploy/backup.sh /var/backups/tandem
# Restore (into an empty database; Tandem then starts on it as usual):
#   createdb tandem_restored
#   pg_restore --no-owner --exit-on-error --dbname=postgres://…/tandem_restored FILE.dump
# The gift card key (GIFT_CARD_KEY, or DATA_DIR/gift-card.key) is not in the database: back it up
# apart, once. Without it no gift card code in a backup can be read or found.
set -eu
: "${DATABASE_URL:?set DATABASE_URL to the database to back up}"
dir="${1:-./backups}"
mkdir -p "$dir"
file="$dir/tandem-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump --format=custom --no-owner --file="$file.partial" "$DATABASE_URL"
mv "$file.partial" "$file"
# A dump that pg_restore cannot list is no backup.
pg_restore --list "$file" >/dev/null
find "$dir" -name 'tandem-*.dump' -mtime +14 -delete
echo "$file"
