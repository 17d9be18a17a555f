#!/bin/sh
# install.sh of the HọcSố Kiosk offline bundle (template: deploy/offline-install.sh,
# filled in by deploy/offline-bundle.sh). Installs hocso-kiosk @HOCSO_VERSION@
# (@HOCSO_ARCH@) and every Debian 12 package it needs from debs/ beside it,
# with no network: apt sees no package source, only these files. Packages the
# PC already has in the same or a newer version are left alone; an older
# hocso-kiosk is upgraded (its data kept), a newer one is never replaced.
#   sudo sh install.sh        (or, as root: sh install.sh)
set -eu
VERSION="@HOCSO_VERSION@"
ARCH="@HOCSO_ARCH@"
HERE="$(cd "$(dirname "$0")" && pwd)"

say() { printf '%s\n' "$*"; }
die() { printf 'LỖI: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "cần quyền root. Chạy: sudo sh $0   (hoặc: su -c 'sh $0') / needs root"
[ "$(dpkg --print-architecture)" = "$ARCH" ] || die "gói này dành cho máy $ARCH, máy này là $(dpkg --print-architecture) / wrong architecture"
# (os-release is read in a subshell: it defines VERSION too)
os="$(. /etc/os-release 2>/dev/null; echo "${VERSION_CODENAME:-?} ${PRETTY_NAME:-?}")"
[ "${os%% *}" = bookworm ] || say "CẢNH BÁO: bộ cài dành cho Debian 12 (bookworm); máy này là ${os#* }."

if (cd "$HERE/debs" && sha256sum --quiet -c ../SHA256SUMS) >/dev/null 2>&1; then :; else
  die "bộ cài bị hỏng (sai tổng kiểm SHA256SUMS): chép lại tệp .tar từ USB / the bundle is damaged, copy it again"
fi

installed="$(dpkg-query -W -f='${db:Status-Status} ${Version}' hocso-kiosk 2>/dev/null || true)"
case "$installed" in
  installed\ *)
    old="${installed#installed }"
    if dpkg --compare-versions "$old" gt "$VERSION"; then
      die "máy đã có HọcSố Kiosk $old, mới hơn bộ cài này ($VERSION): không hạ phiên bản, không thay đổi gì. Hãy dùng bộ cài mới nhất. / refusing to downgrade from $old to $VERSION; nothing was changed"
    fi
    say "Nâng cấp HọcSố Kiosk $old → $VERSION (dữ liệu trong /var/lib/hocso được giữ nguyên)." ;;
  *) say "Cài HọcSố Kiosk $VERSION." ;;
esac

# The packages to give apt: those not installed in this or a newer version.
trap 'rm -rf "${EMPTY_LISTS:-}"' EXIT
set --
for f in "$HERE"/debs/*.deb; do
  p="$(dpkg-deb -f "$f" Package)"; v="$(dpkg-deb -f "$f" Version)"; a="$(dpkg-deb -f "$f" Architecture)"
  cur="$(dpkg-query -W -f='${Architecture} ${db:Status-Status} ${Version}\n' "$p" 2>/dev/null \
         | awk -v a="$a" '($1 == a || $1 == "all" || a == "all") && $2 == "installed" {print $3; exit}')"
  if [ -n "$cur" ] && dpkg --compare-versions "$cur" ge "$v"; then continue; fi
  set -- "$@" "$f"
done
if [ "$#" -eq 0 ]; then
  say "Mọi gói đã được cài đúng phiên bản; không có gì phải làm."
  exit 0
fi
say "Cài $# gói từ $HERE/debs (không cần mạng)…"

# apt with no source and empty package lists: only the files named here count.
EMPTY_LISTS="$(mktemp -d)"
mkdir -p "$EMPTY_LISTS/partial"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  -o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$EMPTY_LISTS" \
  -o Dir::State::Lists="$EMPTY_LISTS" -o APT::Get::List-Cleanup=false \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
  "$@" || die "apt-get không cài được các gói (xem thông báo phía trên) / apt-get failed"

say ""
say "Xong: HọcSố Kiosk $(dpkg-query -W -f='${Version}' hocso-kiosk) đã được cài."
say "Bước tiếp theo (xem /usr/share/doc/hocso-kiosk/README.md):"
say "  1. hocso provision            khai báo điểm học, LRS, người hướng dẫn đầu tiên"
say "  2. hocso doctor               kiểm tra máy"
say "  3. systemctl restart hocso-kiosk hocso-sync   (hoặc khởi động lại máy)"
