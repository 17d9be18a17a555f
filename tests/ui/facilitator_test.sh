#!/usr/bin/env bash
# UI: facilitator mode under Xvfb, in three runs of the real hocso-kiosk on one
# data dir (a facilitator added with `hocso facilitator add`, 8 learners from
# `hocso simulate`, a fake USB drive through HOCSO_USB_DIR):
#  1. wrong PINs until the lockout, and the right PIN refused while locked;
#  2. the lockout's wait over (the kiosk's clock moved past it by the script's
#     advance-clock, not waited out): today's learners, the dashboard's figures (computed here
#     from kiosk.db), sync status, a signed pack checked and installed from
#     the USB drive, the report saved to it (both on a worker thread, with
#     their progress shown and facilitator mode used meanwhile), settings
#     changed, pause/resume, an exam started for a learner;
#  3. after a restart: settings kept, the exam stopped, kiosk mode left while
#     a pack check still runs.
# Then checks kiosk.db, the CSV (same as `hocso report --format csv`) and the PDF.
# Usage: facilitator_test.sh HOCSO_KIOSK HOCSO SOURCE_DIR OUT_DIR
set -euo pipefail
KIOSK="$1"; HOCSO="$2"; SRC="$3"; OUT="$4"
. "$SRC/tests/ui/ui_lib.sh"
cd "$WORK"

# A publisher key the kiosk trusts, and the site.
openssl genpkey -algorithm ed25519 -out pub.pem 2>/dev/null
openssl pkey -in pub.pem -pubout -out pub.pub
cat >hocso.toml <<TOML
[site]
id = "xa-tien-minh"
name = "Nhà văn hóa xã Tiên Minh"

[content]
trusted_keys = ["pub.pub"]
TOML
H() { "$HOCSO" --config "$WORK/hocso.toml" --data-dir "$WORK/data" "$@"; }
db="$WORK/data/kiosk.db"

printf '1357\n' >pin.txt
H facilitator add --name "Trần Văn Bình" --pin-file pin.txt >/dev/null || fail "facilitator add"
H simulate --learners 8 --seed 3 --identities-out ids.csv >/dev/null || fail "simulate"
FAC_ID=$(H facilitator list | awk '/Trần Văn Bình/ {print $1}')
[ -n "$FAC_ID" ] || fail "the facilitator is not listed"

# The fake USB drive: the citizen pack one and two versions newer, signed with
# the trusted key (install 1.0.1, then 1.0.2, then roll back to 1.0.1).
export HOCSO_USB_DIR="$WORK/usb/HOCSO-USB"
mkdir -p "$HOCSO_USB_DIR"
cp -r "$SRC/content/packs/citizen" packsrc
for v in 1.0.1 1.0.2; do
  sed -i "s/^version = .*/version = \"$v\"/" packsrc/pack.toml
  H content build packsrc -o "$HOCSO_USB_DIR/goi-bai-hoc-$v.hocsopack" --key pub.pem >/dev/null || fail "content build $v"
done
# The lesson count the facilitator screen must show, read from the built pack.
PACK_LESSONS=$(H content inspect "$HOCSO_USB_DIR/goi-bai-hoc-1.0.2.hocsopack" --json | jq -er '.lessons') \
  || fail "content inspect of the 1.0.2 pack"

KIOSK_FLAGS=()  # with the sync worker (the sync status screen)
run() {  # SCRIPT_NAME: placeholders filled in, then the kiosk runs it (its clock moved ADVANCE_CLOCK s ahead)
  SCRIPT_HEAD="${ADVANCE_CLOCK:+advance-clock $ADVANCE_CLOCK}"
  SCRIPT_SED=(-e "s|@TODAY@|${TODAY:-}|g" -e "s|@FIRST_NAME@|${FIRST_NAME:-}|g"
    -e "s|@LEARNERS@|${LEARNERS:-}|g" -e "s|@EXAMS@|${EXAMS:-}|g" -e "s|@PASSED@|${PASSED:-}|g"
    -e "s|@GROUP_LINE@|${GROUP_LINE:-}|g" -e "s|@WAITING@|${WAITING:-}|g" -e "s|@SITE_NAME@|${SITE_NAME:-}|g"
    -e "s|@WEEK_LINE@|${WEEK_LINE:-}|g" -e "s|@PACK_LESSONS@|${PACK_LESSONS:-}|g" -e "s|@EXAM_NAME@|${EXAM_NAME:-}|g")
  run_script "$1" --config "$WORK/hocso.toml"
}

# 1. Lockout.
run facilitator_lockout
[ "$(q "SELECT failures FROM pin_lockouts WHERE subject = 'facilitator:$FAC_ID'")" = 5 ] \
  || fail "expected 5 counted failures (the right PIN while locked is not counted)"
until_ms=$(q "SELECT locked_until_ms FROM pin_lockouts WHERE subject = 'facilitator:$FAC_ID'")
now_ms=$(($(date +%s%N) / 1000000))
[ "$until_ms" -gt "$now_ms" ] || fail "the lockout was not in force after the script"
# The next runs start with the kiosk's clock moved past the lockout (and
# the run after them too, so that its clock does not go back).
ADVANCE_CLOCK=$(( (until_ms - now_ms) / 1000 + 1 ))

# 2. The figures the screens must show, from kiosk.db.
TODAY=$(q "SELECT COUNT(*) FROM learners WHERE erased_at IS NULL")
FIRST_NAME=$(tail -n 1 ids.csv | cut -d, -f2-)
# The exam is started for a learner who has not passed one (the others are not offered it).
H records export --format jsonl --include-personal >records.jsonl || fail "records export"
NOT_PASSED_ID=$(q "SELECT id FROM learners l WHERE NOT EXISTS (SELECT 1 FROM results r JOIN attempts a ON a.id = r.attempt_id WHERE r.learner_id = l.id AND a.kind = 'exam' AND r.passed = 1) ORDER BY created_at DESC LIMIT 1")
EXAM_NAME=$(jq -r --arg id "$NOT_PASSED_ID" 'select(.type == "learner" and .learner_id == $id) | .full_name' records.jsonl)
[ -n "$EXAM_NAME" ] || fail "every simulated learner passed the exam: none left to start one for"
LEARNERS=$(q "SELECT COUNT(*) FROM learners")
EXAMS=$(q "SELECT COUNT(*) FROM results r JOIN attempts a ON a.id = r.attempt_id WHERE a.kind = 'exam'")
PASSED=$(q "SELECT COUNT(*) FROM results r JOIN attempts a ON a.id = r.attempt_id WHERE a.kind = 'exam' AND r.passed = 1")
CITIZEN_TITLE=$(awk '/^code = "citizen"/ {getline; print}' "$SRC/content/frameworks/qd757.toml" | sed 's/^title = "\(.*\)"$/\1/')
GROUP_LINE="$CITIZEN_TITLE: $(q "SELECT COUNT(*) FROM learners WHERE target_group = 'citizen'")"
WAITING=$(q "SELECT COUNT(*) FROM outbox WHERE endpoint = 'lrs' AND state = 'pending'")
# This week's bar: everything was simulated today.
monday=$(q "SELECT date('now', 'localtime', 'weekday 0', '-6 days')")
# Lessons read to their last page, each learner once per lesson.
LESSONS=$(q "SELECT COUNT(DISTINCT learner_id || '/' || pack_id || '/' || lesson_id) FROM lesson_views WHERE completed_at IS NOT NULL")
WEEK_LINE="Tuần từ $((10#${monday:8:2}))/$((10#${monday:5:2})): $LEARNERS người học mới, $LESSONS bài học đã xong, $PASSED lượt kiểm tra đạt"
[ "$TODAY" = 8 ] && [ "$EXAMS" -gt 0 ] || fail "the simulation did not give the expected data ($TODAY learners, $EXAMS exams)"
# Pack checks/installs and the report run on a worker thread; each is slowed
# down so the script sees the progress message and moves around meanwhile.
HOCSO_TEST_JOB_DELAY_MS=1500 run facilitator

[ "$(q "SELECT failures FROM pin_lockouts WHERE subject = 'facilitator:$FAC_ID'" )" = "" ] || fail "the right PIN did not clear the lockout"
# The pack from the USB drive is installed, the one it replaced is kept.
H content verify "$WORK/data/packs/current.hocsopack" >/dev/null || fail "the installed pack does not verify"
grep -q "now using content pack vn.hocso.citizen 1.0.2" "$WORK/facilitator.log" || fail "the new pack was not loaded at once"
grep -q "content pack rolled back to vn.hocso.citizen 1.0.1" "$WORK/facilitator.log" || fail "no rollback logged"
H content inspect "$WORK/data/packs/current.hocsopack" --json | jq -e '.version == "1.0.1"' >/dev/null || fail "current pack is not 1.0.1 after the rollback"
H content inspect "$WORK/data/packs/previous.hocsopack" --json | jq -e '.version == "1.0.2"' >/dev/null || fail "previous pack is not 1.0.2 after the rollback"
# One job at a time: "Save the report" did nothing while the pack was installing.
[ "$(grep -c "background job 'report-export' started" "$WORK/facilitator.log")" = 1 ] \
  || fail "expected exactly one report export (none while a pack was installing)"
grep -q "background job 'content-install' finished" "$WORK/facilitator.log" || fail "no install job logged"
# The report on the USB drive: the same CSV as the CLI, and a PDF in Vietnamese.
csv=$(ls "$HOCSO_USB_DIR"/hocso-bao-cao-xa-tien-minh-*.csv)
pdf="${csv%.csv}.pdf"
[ -s "$pdf" ] || fail "no PDF next to $csv"
H report --format csv >cli.csv
diff -u cli.csv "$csv" >&2 || fail "the exported CSV differs from hocso report --format csv"
grep -q "^summary,,exams_taken,$EXAMS$" "$csv" || fail "CSV: exams_taken is not $EXAMS"
pdftotext "$pdf" report.txt
grep -q "BÁO CÁO KẾT QUẢ HỌC KỸ NĂNG SỐ" report.txt || fail "PDF: no Vietnamese title"
grep -q "Nhà văn hóa xã Tiên Minh" report.txt || fail "PDF: no site name"
grep -q "Theo nhóm đối tượng" report.txt || fail "PDF: no target group table"
grep -q "$CITIZEN_TITLE" report.txt || fail "PDF: no target group title"
# The settings are in kiosk.db, with who changed them.
SITE_NAME="Nhà văn hóa xã Tiên Minh Đông"
[ "$(q "SELECT value FROM kiosk_settings WHERE key = 'site_name'")" = "$SITE_NAME" ] || fail "site name not saved: $(q "SELECT value FROM kiosk_settings WHERE key = 'site_name'")"
[ "$(q "SELECT value FROM kiosk_settings WHERE key = 'idle_minutes'")" = 10 ] || fail "idle timeout not saved"
[ "$(q "SELECT value FROM kiosk_settings WHERE key = 'voice'")" = vi-vn-x-south ] || fail "voice not saved"
[ "$(q "SELECT DISTINCT changed_by FROM kiosk_settings")" = "$FAC_ID" ] || fail "who changed the settings is not recorded"
# The exam started from facilitator mode, by this facilitator, still open.
open_exam=$(q "SELECT a.id FROM attempts a JOIN exam_sessions s ON s.attempt_id = a.id WHERE a.finished_at IS NULL AND s.facilitator_id = '$FAC_ID'")
[ -n "$open_exam" ] || fail "no exam was started by the facilitator"

# 3. Restart: settings kept, the exam stopped, kiosk mode left while a pack
#    check still runs (slow enough to be running at exit): the app waits for it.
HOCSO_TEST_JOB_DELAY_MS=5000 run facilitator_stop
grep -q "waiting for the background job 'content-check' to finish" "$WORK/facilitator_stop.log" \
  || fail "the pack check was not running when the kiosk was left"
grep -q "background job 'content-check' finished" "$WORK/facilitator_stop.log" || fail "the app did not wait for the pack check"
[ "$(q "SELECT COUNT(*) FROM results WHERE attempt_id = '$open_exam'")" = 1 ] || fail "the stopped exam has no result"
grep -q "exam $open_exam stopped by facilitator $FAC_ID" "$WORK/facilitator_stop.log" || fail "stopping the exam was not logged"

expect_shots facilitator-wrong-pin facilitator-locked facilitator-today facilitator-dashboard \
  facilitator-dashboard-skills facilitator-dashboard-weeks facilitator-sync facilitator-content-checking \
  facilitator-content-checked facilitator-content-installed facilitator-content-rollback \
  facilitator-reports-busy facilitator-reports-saving facilitator-reports facilitator-settings \
  facilitator-paused facilitator-exam-start facilitator-exam-stopped facilitator-leave
echo "1 passed, 0 failed"
