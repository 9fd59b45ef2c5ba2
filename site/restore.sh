#!/usr/bin/env bash
# Restore a backup made by site/backup.sh into the database of DATABASE_URL and the media
# directories. Stop the app servers first; the target database must exist (it may be empty):
#
#   DATABASE_URL=postgres://… MEDIA_ROOT=… PRIVATE_MEDIA_ROOT=… site/restore.sh /srv/linli/backups/20260101T033000Z
#
# Existing objects in the database are replaced (--clean); media files are extracted over the
# existing directories. Afterwards: manage.py migrate (if the code is newer) and update_index.
set -euo pipefail
backup=${1:?usage: restore.sh BACKUP_DIRECTORY}
: "${DATABASE_URL:?DATABASE_URL must be a postgres:// URL}"
MEDIA_ROOT=${MEDIA_ROOT:-/srv/linli/media}
PRIVATE_MEDIA_ROOT=${PRIVATE_MEDIA_ROOT:-/srv/linli/private}

(cd "$backup" && sha256sum --check --quiet SHA256SUMS)
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
  --dbname="$DATABASE_URL" "$backup/database.dump"
for name in media private; do
  root=$MEDIA_ROOT
  [ "$name" = private ] && root=$PRIVATE_MEDIA_ROOT
  if [ -f "$backup/$name.tar.gz" ]; then
    mkdir -p "$root"
    tar --extract --gzip --file="$backup/$name.tar.gz" --directory="$root"
  fi
done
echo "restored $backup"
