#!/usr/bin/env bash
# Back up the database (pg_dump custom format) and the uploaded files (public media and the
# private media with residents' report photos) into one timestamped directory.
#
#   DATABASE_URL=postgres://… MEDIA_ROOT=… PRIVATE_MEDIA_ROOT=… BACKUP_DIR=… site/backup.sh
#
# Keeps the newest KEEP (default 14) backups. The backups hold personal data: BACKUP_DIR must be
# readable by the site's user only, and copies leaving the machine must be encrypted.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must be a postgres:// URL}"
BACKUP_DIR=${BACKUP_DIR:-/srv/linli/backups}
MEDIA_ROOT=${MEDIA_ROOT:-/srv/linli/media}
PRIVATE_MEDIA_ROOT=${PRIVATE_MEDIA_ROOT:-/srv/linli/private}
KEEP=${KEEP:-14}

umask 077
target="$BACKUP_DIR/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$target"

pg_dump --format=custom --no-owner --no-privileges --file="$target/database.dump" "$DATABASE_URL"
for name in media private; do
  root=$MEDIA_ROOT
  [ "$name" = private ] && root=$PRIVATE_MEDIA_ROOT
  if [ -d "$root" ]; then
    tar --create --gzip --file="$target/$name.tar.gz" --directory="$root" .
  fi
done
(cd "$target" && sha256sum -- * > SHA256SUMS)
echo "$target"

# Rotation: newest first, drop the rest.
ls -1d "$BACKUP_DIR"/*/ 2>/dev/null | sort -r | tail -n +"$((KEEP + 1))" | xargs -r rm -rf --
