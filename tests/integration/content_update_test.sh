#!/usr/bin/env bash
# hocso content update against a real HTTP channel (tools/channel_server.js):
# a cut download resumes with a Range request (in one run and in the next),
# a server that ignores Range or refuses it makes the download start over,
# the new pack is installed and the old one kept for rollback, a second
# update downloads nothing; malformed, unsigned, untrusted, changed or older
# manifests, wrong size or SHA-256, tampered, untrusted or mislabelled packs
# and server errors are refused with one line and the right exit code, the
# kiosk staying on its pack; the sync worker checks the channel on its own,
# at most every check_minutes (and refuses an unsigned manifest too);
# HTTPS is verified, with [sync] ca_bundle honoured.
# Usage: content_update_test.sh HOCSO SOURCE_DIR
set -euo pipefail
HOCSO="$1"; SRC="$2"
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/sync_lib.sh"   # WORK, fail, TOOLS, start_tool, cleanup
SERVER_PID=""; TLS_PID=""; WORKER_PID=""
PID_VARS=(WORKER_PID SERVER_PID TLS_PID)
cd "$WORK"

# Keys, and packs 0.1.0 … 0.9.0 of the starter pack signed by the publisher.
openssl genpkey -algorithm ed25519 -out pub.pem 2>/dev/null
openssl pkey -in pub.pem -pubout -out pub.pub
openssl genpkey -algorithm ed25519 -out other.pem 2>/dev/null
cp -r "$SRC/content/packs/starter" src
mkdir -p site/packs
build() {  # VERSION OUT [KEY]
  sed -i "s/^version = .*/version = \"$1\"/" src/pack.toml
  "$HOCSO" --data-dir "$WORK/scratch" content build src -o "$2" --key "${3:-pub.pem}" >/dev/null
}
for v in 1 2 3 4 5 6 7 8 9; do build "0.$v.0" "site/packs/v$v.hocsopack"; done
build 0.7.0 site/packs/v7-other.hocsopack other.pem
cp site/packs/v7.hocsopack site/packs/v7-tampered.hocsopack
size=$(stat -c %s site/packs/v7.hocsopack)
printf '\x5a' | dd of=site/packs/v7-tampered.hocsopack bs=1 seek=$((size / 2)) conv=notrunc status=none
cmp -s site/packs/v7.hocsopack site/packs/v7-tampered.hocsopack && fail "the tampered copy is not different"

# start_server VAR_PID VAR_PORT VAR_CTL LOG [--tls-cert C --tls-key K]: starts a
# channel server on ports it picks and sets the three variables once it listens.
start_server() {
  local _ports
  start_tool "$1" _ports "$4" node "$TOOLS/channel_server.js" --port-file PORT_FILE --dir "$WORK/site" "${@:5}" \
    || fail "the channel server did not start"
  read -r "$2" "$3" <<<"$_ports"
}
start_server SERVER_PID PORT CTL "$WORK/server.log"
server() { curl -fsS -X POST --data "$1" "http://127.0.0.1:$CTL/config" >/dev/null; }
pack_requests() { curl -fsS "http://127.0.0.1:$CTL/log" | jq -c '[.[] | select(.path | startswith("/packs/"))]'; }
manifest_requests() { curl -fsS "http://127.0.0.1:$CTL/log" | jq '[.[] | select(.path == "/channel.json")] | length'; }

write_config() {  # FILE CHANNEL_URL
  printf '[content]\ntrusted_keys = ["pub.pub"]\nchannel = "%s"\ncheck_minutes = 1\n[sync.lrs]\ntimeout_seconds = 5\n' \
    "$2" >"$1"
}
write_config hocso.toml "http://127.0.0.1:$PORT/channel.json"
H() { "$HOCSO" --config "$WORK/hocso.toml" --data-dir "$WORK/data" "$@"; }

# entry VERSION FILE [SHA] [SIZE] [ID] → one manifest entry (file relative to site/packs)
entry() {
  local f="site/packs/$2"
  jq -n --arg id "${5:-vn.hocso.starter}" --arg v "$1" --arg url "packs/$2" \
    --arg sha "${3:-$(sha256sum "$f" | cut -d' ' -f1)}" --argjson size "${4:-$(stat -c %s "$f")}" \
    '{id: $id, version: $v, url: $url, size: $size, sha256: $sha}'
}
# manifest [KEY]: the entries on stdin as the channel manifest, signed by the publisher
# (or KEY) with `hocso content sign-manifest`; unsigned_manifest leaves it unsigned.
unsigned_manifest() { jq -s '{format: 1, packs: .}' >site/channel.json; }
manifest() {
  unsigned_manifest
  "$HOCSO" --data-dir "$WORK/scratch" content sign-manifest site/channel.json --key "${1:-pub.pem}" >/dev/null \
    || fail "sign-manifest failed"
}
key_id() { openssl pkey -in "$1" -pubout -outform DER | tail -c 32 | sha256sum | cut -c1-16; }
CHANNEL_VI_SIGNATURE="Danh sách nội dung trên máy chủ không có chữ ký hợp lệ, máy giữ nội dung cũ — báo kỹ thuật viên"
CHANNEL_VI_DOWNGRADE="Máy chủ nội dung chỉ có phiên bản cũ hơn bản đang dùng, máy giữ nội dung hiện tại — báo kỹ thuật viên"

current_sha() { sha256sum data/packs/current.hocsopack | cut -d' ' -f1; }
previous_sha() { sha256sum data/packs/previous.hocsopack | cut -d' ' -f1; }
sha_of() { sha256sum "site/packs/$1" | cut -d' ' -f1; }
parts() { find data/packs -name '*.part' | wc -l; }

# update EXPECTED_EXIT: runs `content update`, checks the exit code and, when
# it fails, exactly one line on stderr (in err.txt; stdout in out.txt).
update() {
  local want="$1"; shift
  set +e; H content update "$@" >out.txt 2>err.txt; local rc=$?; set -e
  [ "$rc" = "$want" ] || fail "content update $*: exit $rc, expected $want; stdout: $(cat out.txt) stderr: $(cat err.txt)"
  if [ "$want" != 0 ]; then
    [ "$(wc -l <err.txt)" = 1 ] || fail "content update: expected one line on stderr, got: $(cat err.txt)"
  fi
}
expect_err() { grep -q -- "$1" err.txt || fail "stderr should say '$1': $(cat err.txt)"; }
status() { H sync status --json | jq -r "$1"; }
# expect_refused KIND SUMMARY_VI WHAT: the status says the last check refused
# what the channel offered, an error of KIND, and shows the volunteer
# SUMMARY_VI; WHAT names the case in a failure.
expect_refused() {
  [ "$(status .content.result)" = refused ] || fail "status after $3: $(status .content)"
  [ "$(status .content.last_error_kind)" = "$1" ] || fail "kind after $3: $(status .content)"
  [ "$(status .content.summary_vi)" = "$2" ] || fail "summary_vi after $3: $(status .content)"
}

# --- Not configured, then the installed pack 0.1.0.
printf '[content]\ntrusted_keys = ["pub.pub"]\n' >off.toml
set +e; "$HOCSO" --config off.toml --data-dir data content update >/dev/null 2>err.txt; rc=$?; set -e
[ "$rc" = 78 ] || fail "update without a channel: exit $rc, expected 78"
expect_err "no content channel is configured"
H content install site/packs/v1.hocsopack >/dev/null
V1=$(current_sha)

# --- Malformed manifests: one line, exit 1, nothing downloaded, pack kept.
for bad in '{not json' '[]' '{"packs": {}}' '{"packs": [{"id": "vn.hocso.starter", "version": "0.2.0"}]}' \
           '{"format": 9, "packs": []}'; do
  printf '%s' "$bad" >site/channel.json
  update 1
  expect_err "the channel manifest http://127.0.0.1:$PORT/channel.json: "
done
printf '{not json' >site/channel.json; update 1; expect_err "not valid JSON"
[ "$(current_sha)" = "$V1" ] || fail "a malformed manifest changed the pack"
[ "$(pack_requests | jq length)" = 0 ] || fail "a malformed manifest led to a download"
[ "$(status .content.result)" = refused ] || fail "status after a malformed manifest: $(status .content)"
[ "$(status .content.last_error_kind)" = invalid ] || fail "last_error_kind: $(status .content)"
# A captive portal (a web page instead of the manifest) is a network problem: try later.
printf '<html><body>Đăng nhập Wi-Fi</body></html>' >site/portal.html
write_config portal.toml "http://127.0.0.1:$PORT/portal.html"
set +e; "$HOCSO" --config portal.toml --data-dir data content update >/dev/null 2>err.txt; rc=$?; set -e
[ "$rc" = 75 ] || fail "captive portal: exit $rc, expected 75"
expect_err "captive portal"

# --- The same version on the channel: current, nothing downloaded.
entry 0.1.0 v1.hocsopack | manifest
update 0
grep -q "vn.hocso.starter 0.1.0 is current" out.txt || fail "current output: $(cat out.txt)"
[ "$(pack_requests | jq length)" = 0 ] || fail "a current pack was downloaded"

# --- 0.2.0, cut a third of the way on the first request: resumed in the same run.
server '{"clearLog": true}'
# (another pack's newer version on the channel is not ours to take)
{ entry 0.1.0 v1.hocsopack; entry 0.2.0 v2.hocsopack; entry 0.9.0 v9.hocsopack "" "" vn.hocso.other; } | manifest
size2=$(stat -c %s site/packs/v2.hocsopack)
cut=$((size2 / 3))
server "{\"cut\": 1, \"cutAfter\": $cut}"
update 0
log=$(pack_requests)
[ "$(jq length <<<"$log")" = 2 ] || fail "expected 2 pack requests (cut, resumed), got $log"
[ "$(jq -r '.[0].range' <<<"$log")" = null ] || fail "the first request asked for a range: $log"
[ "$(jq -r '.[0].cut' <<<"$log")" = true ] || fail "the first request was not cut: $log"
[ "$(jq -r '.[1].range' <<<"$log")" = "bytes=$cut-" ] || fail "the second request did not resume at $cut: $log"
[ "$(jq -r '.[1].status' <<<"$log")" = 206 ] || fail "the resumed request was not a 206: $log"
grep -q "resumed at byte $cut" out.txt || fail "update output: $(cat out.txt)"
grep -q "installed vn.hocso.starter 0.2.0 from the channel (kept vn.hocso.starter 0.1.0 as the previous pack)" out.txt \
  || fail "update output: $(cat out.txt)"
[ "$(current_sha)" = "$(sha_of v2.hocsopack)" ] || fail "current is not 0.2.0 byte for byte"
[ "$(previous_sha)" = "$V1" ] || fail "0.1.0 was not kept as the previous pack"
[ "$(parts)" = 0 ] || fail "a .part file was left after the install"
H content verify data/packs/current.hocsopack >/dev/null || fail "the installed pack does not verify"
[ "$(status .content.result)" = updated ] || fail "status after the update: $(status .content)"
[ "$(status .content.installed_version)" = 0.2.0 ] || fail "status installed_version: $(status .content)"
[ -n "$(status .content.last_update)" ] || fail "status last_update is empty"

# --- A second update downloads nothing.
server '{"clearLog": true}'
update 0
grep -q "vn.hocso.starter 0.2.0 is current (the channel has 0.2.0)" out.txt || fail "second update: $(cat out.txt)"
[ "$(pack_requests | jq length)" = 0 ] || fail "the second update downloaded: $(pack_requests)"
[ "$(manifest_requests)" = 1 ] || fail "the second update did not read the manifest once"

# --- 0.3.0, cut on every request: exit 75 with the bytes kept; the next run resumes.
server '{"clearLog": true}'
entry 0.3.0 v3.hocsopack | manifest
size3=$(stat -c %s site/packs/v3.hocsopack)
step=$((size3 / 8))
server "{\"cut\": 5, \"cutAfter\": $step}"
update 75
expect_err "was cut 5 times"
expect_err "; $((5 * step)) of $size3 bytes kept, the next attempt resumes"
log=$(pack_requests)
[ "$(jq length <<<"$log")" = 5 ] || fail "expected 5 cut requests: $log"
for i in 1 2 3 4; do
  [ "$(jq -r ".[$i].range" <<<"$log")" = "bytes=$((i * step))-" ] || fail "request $i did not resume at $((i * step)): $log"
done
[ "$(parts)" = 1 ] || fail "the partial download was not kept"
[ "$(stat -c %s data/packs/*.part)" = $((5 * step)) ] || fail "the part file is not $((5 * step)) bytes"
[ "$(current_sha)" = "$(sha_of v2.hocsopack)" ] || fail "a cut download changed the current pack"
[ "$(status .content.result)" = try_later ] || fail "status after a cut: $(status .content)"
[ "$(status .content.last_error_kind)" = network ] || fail "status kind after a cut: $(status .content)"
[ "$(status .content.available_version)" = 0.3.0 ] || fail "status available_version: $(status .content)"
server '{"clearLog": true}'
update 0
log=$(pack_requests)
[ "$(jq length <<<"$log")" = 1 ] || fail "the next run should need one request: $log"
[ "$(jq -r '.[0].range' <<<"$log")" = "bytes=$((5 * step))-" ] || fail "the next run did not resume: $log"
[ "$(current_sha)" = "$(sha_of v3.hocsopack)" ] || fail "current is not 0.3.0"
[ "$(previous_sha)" = "$(sha_of v2.hocsopack)" ] || fail "0.2.0 was not kept as the previous pack"

# --- 0.4.0 from a server that ignores Range: the second answer (200) starts over.
server '{"clearLog": true}'
entry 0.4.0 v4.hocsopack | manifest
server "{\"cut\": 1, \"cutAfter\": $cut, \"ignoreRange\": true}"
update 0
log=$(pack_requests)
[ "$(jq length <<<"$log")" = 2 ] || fail "expected 2 requests: $log"
[ "$(jq -r '.[1].range' <<<"$log")" = "bytes=$cut-" ] || fail "the second request did not ask for a range: $log"
[ "$(jq -r '.[1].status' <<<"$log")" = 200 ] || fail "the server should have answered 200: $log"
[ "$(current_sha)" = "$(sha_of v4.hocsopack)" ] || fail "a restarted download is not 0.4.0 byte for byte"
server '{"ignoreRange": false}'

# --- 416 to our range: the partial file is dropped and the download starts over.
server '{"clearLog": true}'
entry 0.5.0 v5.hocsopack | manifest
sha5=$(sha_of v5.hocsopack)
head -c 1000 site/packs/v5.hocsopack >"data/packs/vn.hocso.starter-0.5.0-${sha5:0:12}.part"
server '{"status": 416}'
update 1
expect_err "refused to send"
log=$(pack_requests)
[ "$(jq -r '.[0].range' <<<"$log")" = "bytes=1000-" ] || fail "the kept part was not resumed: $log"
[ "$(jq -r '.[1].range' <<<"$log")" = null ] || fail "after a 416 the download did not start over: $log"
[ "$(parts)" = 0 ] || fail "the part refused by 416 was kept"
server '{"status": 0}'

# --- Server errors: 503 → 75, 404 → 1.
server '{"status": 503}'; update 75; expect_err "HTTP 503"
server '{"status": 404}'; update 1; expect_err "HTTP 404"
server '{"status": 0}'
[ "$(current_sha)" = "$(sha_of v4.hocsopack)" ] || fail "server errors changed the pack"

# --- Wrong SHA-256 or size in the manifest: refused, the partial file deleted.
entry 0.6.0 v6.hocsopack "$(sha_of v5.hocsopack)" | manifest
update 1; expect_err "does not have the SHA-256 the channel gives"
[ "$(parts)" = 0 ] || fail "a part with the wrong SHA-256 was kept"
entry 0.6.0 v6.hocsopack "" $(( $(stat -c %s site/packs/v6.hocsopack) + 10 )) | manifest
update 1; expect_err "the channel says"
[ "$(parts)" = 0 ] || fail "a part of the wrong size was kept"

# --- Tampered, untrusted and mislabelled packs: refused, the kiosk stays on 0.4.0.
entry 0.7.0 v7-tampered.hocsopack | manifest
update 1; expect_err "the downloaded pack is refused"; expect_err "the kiosk keeps vn.hocso.starter 0.4.0"
# The same file again (its SHA-256 remembered in kiosk.db): refused without a download, also by a new process.
server '{"clearLog": true}'
update 1; expect_err "was refused before; it is not downloaded again until the channel offers another file"
update 1; expect_err "was refused before"
[ "$(pack_requests | jq length)" = 0 ] || fail "a refused pack was downloaded again: $(pack_requests)"
[ "$(sqlite3 data/kiosk.db "SELECT refused_sha256 FROM content_state")" = "$(sha_of v7-tampered.hocsopack)" ] \
  || fail "the refused file's SHA-256 is not kept"
entry 0.7.0 v7-other.hocsopack | manifest
update 1; expect_err "not a trusted key"
entry 0.9.0 v7.hocsopack | manifest
update 1; expect_err "is vn.hocso.starter 0.7.0, not the vn.hocso.starter 0.9.0 the channel lists"
[ "$(current_sha)" = "$(sha_of v4.hocsopack)" ] || fail "a refused pack changed the current pack"
[ "$(previous_sha)" = "$(sha_of v3.hocsopack)" ] || fail "a refused pack changed the previous pack"
[ "$(parts)" = 0 ] || fail "a refused pack was kept"
[ "$(status .content.result)" = refused ] || fail "status after a refusal: $(status .content)"
[ "$(status .content.installed_version)" = 0.4.0 ] || fail "status installed after a refusal: $(status .content)"

# --- The manifest itself must be signed by a trusted key and unchanged since: else it is
# refused before anything is downloaded (each of these would install a pack on the old code).
server '{"clearLog": true}'
entry 0.6.0 v6.hocsopack | unsigned_manifest
update 1; expect_err "^error: the channel manifest http://127.0.0.1:$PORT/channel.json is not signed: "
expect_err "the kiosk keeps vn.hocso.starter 0.4.0"
expect_refused signature "$CHANNEL_VI_SIGNATURE" "an unsigned manifest"
entry 0.6.0 v6.hocsopack | manifest other.pem
update 1; expect_err "is signed by key $(key_id other.pem), which is not a trusted key"
# A genuine signed manifest for 0.6.0 changed to offer 0.9.0 (itself a genuine pack): the signature no longer matches.
entry 0.6.0 v6.hocsopack | manifest
jq --argjson e "$(entry 0.9.0 v9.hocsopack)" '.packs[0] = $e' site/channel.json >changed.json
mv changed.json site/channel.json
update 1; expect_err "does not match its signature: it was changed after signing"
[ "$(status .content.last_error_kind)" = signature ] || fail "kind after a changed manifest: $(status .content)"
[ "$(pack_requests | jq length)" = 0 ] || fail "a refused manifest led to a download: $(pack_requests)"
[ "$(current_sha)" = "$(sha_of v4.hocsopack)" ] || fail "a refused manifest changed the current pack"

# --- An older version on the channel (a stale or replayed manifest): refused, unless --allow-downgrade.
entry 0.2.0 v2.hocsopack | manifest
update 1; expect_err "offers vn.hocso.starter 0.2.0, older than the installed 0.4.0"
expect_err "run \`hocso content update --allow-downgrade\`"
expect_refused downgrade "$CHANNEL_VI_DOWNGRADE" "an older manifest"
[ "$(current_sha)" = "$(sha_of v4.hocsopack)" ] || fail "an older manifest changed the current pack"
update 0 --allow-downgrade
[ "$(current_sha)" = "$(sha_of v2.hocsopack)" ] || fail "--allow-downgrade did not install 0.2.0"
[ "$(previous_sha)" = "$(sha_of v4.hocsopack)" ] || fail "--allow-downgrade did not keep 0.4.0"

# --- The sync worker refuses an unsigned manifest too, and says so in its status.
entry 0.8.0 v8.hocsopack | unsigned_manifest
sqlite3 data/kiosk.db "UPDATE content_state SET checked_at = '2000-01-01T00:00:00.000Z'"
"$HOCSO" --config "$WORK/hocso.toml" --data-dir "$WORK/data" sync run >worker.log 2>&1 &
WORKER_PID=$!
for _ in $(seq 1 100); do [ "$(status .content.last_check)" != 2000-01-01T00:00:00.000Z ] && break; sleep 0.2; done
kill -TERM "$WORKER_PID"; wait "$WORKER_PID" || fail "sync run did not stop cleanly: $(cat worker.log)"
WORKER_PID=""
expect_refused signature "$CHANNEL_VI_SIGNATURE" "the worker's check of an unsigned manifest"
[ "$(current_sha)" = "$(sha_of v2.hocsopack)" ] || fail "the worker installed from an unsigned manifest"

# --- The sync worker checks the channel by itself, once per check_minutes.
entry 0.8.0 v8.hocsopack | manifest
sqlite3 data/kiosk.db "UPDATE content_state SET checked_at = '2000-01-01T00:00:00.000Z'"
server '{"clearLog": true}'
"$HOCSO" --config "$WORK/hocso.toml" --data-dir "$WORK/data" sync run >worker.log 2>&1 &
WORKER_PID=$!
for _ in $(seq 1 100); do [ "$(current_sha)" = "$(sha_of v8.hocsopack)" ] && break; sleep 0.2; done
[ "$(current_sha)" = "$(sha_of v8.hocsopack)" ] || fail "the worker did not install 0.8.0: $(cat worker.log)"
sleep 5   # several of the worker's 2 s rounds: it must not look again before check_minutes
kill -TERM "$WORKER_PID"; wait "$WORKER_PID" || fail "sync run did not stop cleanly: $(cat worker.log)"
WORKER_PID=""
[ "$(manifest_requests)" = 1 ] || fail "the worker read the manifest $(manifest_requests) times in 5 s"
[ "$(status .content.result)" = updated ] || fail "status after the worker: $(status .content)"
[ "$(status .content.installed_version)" = 0.8.0 ] || fail "status installed after the worker: $(status .content)"
[ -n "$(status .content.next_check)" ] || fail "status next_check is empty"

# --- HTTPS with a self-signed certificate: refused (TLS is always verified) until [sync] ca_bundle trusts it.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout tls-key.pem -out tls-cert.pem 2>/dev/null
start_server TLS_PID TPORT TCTL "$WORK/tls-server.log" --tls-cert tls-cert.pem --tls-key tls-key.pem
entry 0.9.0 v9.hocsopack | manifest
write_config hocso.toml "https://127.0.0.1:$TPORT/channel.json"
update 75; expect_err "TLS certificate is not trusted"
[ "$(status .content.last_error_kind)" = tls ] || fail "status kind for TLS: $(status .content)"
printf '[sync]\nca_bundle = "%s"\n' "$WORK/tls-cert.pem" >>hocso.toml
update 0
[ "$(current_sha)" = "$(sha_of v9.hocsopack)" ] || fail "0.9.0 over trusted HTTPS was not installed"
[ "$(curl -fsS "http://127.0.0.1:$TCTL/log" | jq '[.[] | select(.path | startswith("/packs/"))] | length')" = 1 ] \
  || fail "the pack did not come over HTTPS"
kill "$TLS_PID"; TLS_PID=""

# --- The channel is down: try later, the pack stays.
write_config hocso.toml "http://127.0.0.1:$PORT/channel.json"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""   # its port is closed once it has exited
update 75; expect_err "no connection to the content server"
[ "$(current_sha)" = "$(sha_of v9.hocsopack)" ] || fail "an unreachable channel changed the pack"

echo "1 passed, 0 failed"
