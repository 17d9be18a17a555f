#!/usr/bin/env bash
# UI: a volunteer runs a session from facilitator mode alone, in the real
# hocso-kiosk under Xvfb, over 10 learners from `hocso simulate`:
#  1. today's list: filters (nobody who passed is offered the exam), sort,
#     a search typed without accents, then an exam started with one tap;
#     the app is closed with that exam unfinished;
#  2. after a restart: the exam under way listed with its time left; a round
#     of exams: the next learner's exam started with one tap (the PIN kept
#     from the unlock), then, after that learner finished, facilitator mode
#     opened again without the PIN (10-minute grace) and a third exam
#     started; past 10 minutes the PIN is asked again;
#  3. help a learner: a new PIN after the identity check (audited, lockout
#     cleared), an erasure on request (the same service as `hocso learner
#     delete`, audited); then the results sent by USB from the sync screen
#     (the bundle of `hocso sync export`, imported at the "office" here),
#     the count in people and results; screenshots at 200% text;
#  4. a kiosk without the office's key says so in plain words;
#  5. certificates printed and copied, the named list;
#  6. a backup of the whole kiosk onto the USB drive from the settings,
#     restored with the code read off the screen.
# Usage: volunteer_test.sh HOCSO_KIOSK HOCSO SOURCE_DIR OUT_DIR
set -euo pipefail
KIOSK="$1"; HOCSO="$2"; SRC="$3"; OUT="$4"
source "$SRC/tests/ui/ui_lib.sh"
openssl genpkey -algorithm X25519 -out "$WORK/office.pem" 2>/dev/null
openssl pkey -in "$WORK/office.pem" -pubout -out "$WORK/office.pub.pem"
cat >"$WORK/hocso.toml" <<TOML
[site]
id = "xa-tien-minh"
name = "Nhà văn hóa xã Tiên Minh"

[content]
pack = "$SRC/content/packs/citizen"

[sync]
bundle_public_key = "$WORK/office.pub.pem"
TOML
grep -v bundle_public_key "$WORK/hocso.toml" >"$WORK/nokey.toml"
H() { "$HOCSO" --config "$WORK/hocso.toml" --data-dir "$DATA" "$@"; }
echo 1357 >"$WORK/pin"
H facilitator add --name "Trần Văn Bình" --pin-file "$WORK/pin" >/dev/null || fail "facilitator add"
FAC_ID=$(H facilitator list | awk '/Trần Văn Bình/ {print $1}')
[ -n "$FAC_ID" ] || fail "the facilitator is not listed"
H simulate --learners 10 --seed 7 >/dev/null || fail "simulate"
H records export --format jsonl --include-personal >"$WORK/records.jsonl" || fail "records export"
name_of() { jq -r --arg id "$1" 'select(.type == "learner" and .learner_id == $id) | .full_name' "$WORK/records.jsonl"; }
year_of() { jq -r --arg id "$1" 'select(.type == "learner" and .learner_id == $id) | .birth_year' "$WORK/records.jsonl"; }
# The name as a volunteer types it without accents: lower case, no marks, đ as d.
fold() {
  sed -e 's/à\|á\|ả\|ã\|ạ\|ă\|ằ\|ắ\|ẳ\|ẵ\|ặ\|â\|ầ\|ấ\|ẩ\|ẫ\|ậ/a/g' -e 's/À\|Á\|Ả\|Ã\|Ạ\|Ă\|Ằ\|Ắ\|Ẳ\|Ẵ\|Ặ\|Â\|Ầ\|Ấ\|Ẩ\|Ẫ\|Ậ/a/g' \
      -e 's/è\|é\|ẻ\|ẽ\|ẹ\|ê\|ề\|ế\|ể\|ễ\|ệ/e/g' -e 's/È\|É\|Ẻ\|Ẽ\|Ẹ\|Ê\|Ề\|Ế\|Ể\|Ễ\|Ệ/e/g' \
      -e 's/ì\|í\|ỉ\|ĩ\|ị/i/g' -e 's/Ì\|Í\|Ỉ\|Ĩ\|Ị/i/g' \
      -e 's/ò\|ó\|ỏ\|õ\|ọ\|ô\|ồ\|ố\|ổ\|ỗ\|ộ\|ơ\|ờ\|ớ\|ở\|ỡ\|ợ/o/g' -e 's/Ò\|Ó\|Ỏ\|Õ\|Ọ\|Ô\|Ồ\|Ố\|Ổ\|Ỗ\|Ộ\|Ơ\|Ờ\|Ớ\|Ở\|Ỡ\|Ợ/o/g' \
      -e 's/ù\|ú\|ủ\|ũ\|ụ\|ư\|ừ\|ứ\|ử\|ữ\|ự/u/g' -e 's/Ù\|Ú\|Ủ\|Ũ\|Ụ\|Ư\|Ừ\|Ứ\|Ử\|Ữ\|Ự/u/g' \
      -e 's/ỳ\|ý\|ỷ\|ỹ\|ỵ/y/g' -e 's/Ỳ\|Ý\|Ỷ\|Ỹ\|Ỵ/y/g' -e 's/đ\|Đ/d/g' <<<"$1" | tr 'A-Z' 'a-z'
}
PASSED_SQL="EXISTS (SELECT 1 FROM results r JOIN attempts a ON a.id = r.attempt_id WHERE r.learner_id = l.id AND a.kind = 'exam' AND r.passed = 1)"
mapfile -t NOT_PASSED < <(q "SELECT id FROM learners l WHERE NOT $PASSED_SQL ORDER BY created_at, id")
mapfile -t PASSED < <(q "SELECT id FROM learners l WHERE $PASSED_SQL ORDER BY created_at DESC, id")  # the most recent first: at the top of the list
[ "${#NOT_PASSED[@]}" -ge 4 ] && [ "${#PASSED[@]}" -ge 2 ] \
  || fail "the simulation gave ${#NOT_PASSED[@]} learners without a pass and ${#PASSED[@]} with one (need 4 and 2)"
A=${NOT_PASSED[0]}; B=${NOT_PASSED[1]}; C=${NOT_PASSED[2]}; R=${NOT_PASSED[3]}; E=${PASSED[1]}
sed_for() {  # KEY LEARNER_ID: @KEY_NAME@, @KEY_QUERY@ and @KEY_YEAR@ for the scripts
  local n; n=$(name_of "$2")
  [ -n "$n" ] || fail "no name for learner $2"
  SCRIPT_SED+=(-e "s|@$1_NAME@|$n|g" -e "s|@$1_QUERY@|$(fold "$n")|g" -e "s|@$1_YEAR@|$(year_of "$2")|g")
}
SCRIPT_SED=(-e "s|@NPASSED@|${#PASSED[@]}|g")
for k in A B C R E; do sed_for "$k" "${!k}"; done
sed_for P "${PASSED[0]}"
mkdir -p "$WORK/usb/HOCSO-USB"
export HOCSO_USB_DIR="$WORK/usb/HOCSO-USB"

# 1. Today's list; an exam started for A, left unfinished.
run_script volunteer_today --config "$WORK/hocso.toml"
a_exam=$(q "SELECT a.id FROM attempts a JOIN exam_sessions s ON s.attempt_id = a.id WHERE a.learner_id = '$A' AND a.finished_at IS NULL AND s.facilitator_id = '$FAC_ID'")
[ -n "$a_exam" ] || fail "no exam was started for $(name_of "$A") by the facilitator"

# 2. The exams under way and a round of exams with one tap each.
run_script volunteer_round --config "$WORK/hocso.toml"
for who in B C; do
  id=${!who}
  [ "$(q "SELECT COUNT(*) FROM attempts a JOIN exam_sessions s ON s.attempt_id = a.id WHERE a.learner_id = '$id' AND a.kind = 'exam' AND s.facilitator_id = '$FAC_ID' AND s.identity_checked = 1")" = 1 ] \
    || fail "no exam for $(name_of "$id") recorded as started by the facilitator"
done
[ "$(q "SELECT COUNT(*) FROM results WHERE learner_id = '$B'")" -ge 1 ] || fail "the second learner's exam has no result"

# 3. Help a learner, then send the results by USB.
# R forgot their PIN and is locked out: the reset clears it.
q "INSERT OR REPLACE INTO pin_lockouts(subject, failures, locked_until_ms, last_failure_ms) VALUES ('learner:$R', 5, $(( ($(date +%s) + 3600) * 1000 )), $(( $(date +%s) * 1000 )))"
r_hash=$(q "SELECT pin_hash FROM learners WHERE id = '$R'")
# What waits, as the sync screen must say it (the USB export comes before the erasure).
PEOPLE=$(q "SELECT COUNT(DISTINCT who) FROM (SELECT json_extract(payload, '$.actor.account.name') AS who FROM outbox WHERE state = 'pending' AND endpoint = 'lrs' UNION ALL SELECT json_extract(payload, '$.learner_id') FROM outbox WHERE state = 'pending' AND endpoint = 'certification') WHERE who IS NOT NULL")
RESULTS=$(q "SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND endpoint = 'lrs' AND json_extract(payload, '$.verb.id') IN ('http://adlnet.gov/expapi/verbs/passed', 'http://adlnet.gov/expapi/verbs/failed', 'http://adlnet.gov/expapi/verbs/completed')")
pending=$(q "SELECT COUNT(*) FROM outbox WHERE state = 'pending'")
[ "$PEOPLE" = 10 ] || fail "expected the 10 learners to have results waiting, got $PEOPLE"
SCRIPT_SED+=(-e "s|@PEOPLE@|$PEOPLE|g" -e "s|@RESULTS@|$RESULTS|g")
run_script volunteer_help --config "$WORK/hocso.toml"
[ "$(q "SELECT pin_hash FROM learners WHERE id = '$R'")" != "$r_hash" ] || fail "the PIN of $(name_of "$R") was not changed"
[ "$(q "SELECT COUNT(*) FROM pin_lockouts WHERE subject = 'learner:$R'")" = 0 ] || fail "the lockout was not cleared"
[ "$(q "SELECT facilitator_id FROM kiosk_audit WHERE action = 'pin_reset' AND learner_id = '$R'")" = "$FAC_ID" ] \
  || fail "who reset the PIN is not recorded"
[ -n "$(q "SELECT erased_at FROM learners WHERE id = '$E'")" ] || fail "the learner was not erased"
[ "$(q "SELECT facilitator_id FROM kiosk_audit WHERE action = 'learner_erased' AND learner_id = '$E'")" = "$FAC_ID" ] \
  || fail "who erased the learner is not recorded"
grep -q "background job 'learner-erase' finished" "$WORK/volunteer_help.log" || fail "the erasure did not run as a background job"
# The bundle on the drive is the one `hocso sync export` makes: the office opens it.
bundle=$(ls "$HOCSO_USB_DIR"/hocso-ket-qua-xa-tien-minh-*.hocso) || fail "no bundle on the USB drive"
printf '' >"$WORK/office.toml"
"$HOCSO" sync import "$bundle" --key "$WORK/office.pem" --kiosk-key "$DATA/keys/kiosk-sign.pub.pem" \
  --data-dir "$WORK/office" --config "$WORK/office.toml" >"$WORK/import.txt" 2>&1 || { cat "$WORK/import.txt" >&2; fail "the office could not import the bundle"; }
[ "$(sqlite3 "$WORK/office/kiosk.db" "SELECT COUNT(*) FROM outbox")" = "$pending" ] \
  || fail "the office queued $(sqlite3 "$WORK/office/kiosk.db" "SELECT COUNT(*) FROM outbox") rows, the kiosk has $pending pending"

# 4. No office key: said in plain words.
run_script volunteer_nokey --config "$WORK/nokey.toml"

# 5. Certificates: a fake CUPS on PATH (lpstat names a default printer, lp
#    records its arguments and keeps what it was given).
mkdir -p "$WORK/bin" "$WORK/printed"
printf '#!/bin/sh\necho "system default destination: May-in-xa"\n' >"$WORK/bin/lpstat"
cat >"$WORK/bin/lp" <<LP
#!/bin/sh
echo "\$@" >>"$WORK/lp.log"
for f; do case "\$f" in *.pdf) cp "\$f" "$WORK/printed/";; esac; done
LP
chmod +x "$WORK/bin/lpstat" "$WORK/bin/lp"
NCERTS=$(q "SELECT COUNT(*) FROM certificates c JOIN learners l ON l.id = c.learner_id WHERE l.erased_at IS NULL")
[ "$NCERTS" -ge 1 ] || fail "no certificate to list"
SCRIPT_SED+=(-e "s|@NCERTS@|$NCERTS|g")
rm -f "$HOCSO_USB_DIR"/*
PATH="$WORK/bin:$PATH" run_script volunteer_certs --config "$WORK/hocso.toml"
[ "$(wc -l <"$WORK/lp.log")" = 1 ] || fail "expected one lp call: $(cat "$WORK/lp.log")"
grep -q "^-d May-in-xa " "$WORK/lp.log" || fail "lp was not sent to the default printer: $(cat "$WORK/lp.log")"
printed=$(ls "$WORK/printed"/*.pdf)
[ "$(echo "$printed" | wc -l)" = 1 ] || fail "lp was not given one PDF"
pdftotext "$printed" - >"$WORK/printed.txt"
grep -q "CHỨNG NHẬN\|Chứng nhận" "$WORK/printed.txt" || fail "the printed PDF is not a certificate: $(head -5 "$WORK/printed.txt")"
[ "$(ls "$HOCSO_USB_DIR"/chung-nhan-*.pdf | wc -l)" = "$NCERTS" ] || fail "expected $NCERTS certificate PDFs on the USB drive"
# The named list: a CSV Excel opens as UTF-8 (BOM, CRLF), Vietnamese headers,
# only learners whose consent names them (they agreed to share their identity
# for the certificate), and a PDF in Vietnamese.
csv=$(ls "$HOCSO_USB_DIR"/hocso-danh-sach-xa-tien-minh-*.csv) || fail "no named list on the USB drive"
[ "$(head -c 3 "$csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "the CSV has no UTF-8 byte order mark"
header=$'STT,Họ và tên,Năm sinh,Nhóm đối tượng,Ngày đăng ký,Số buổi đến học,Lần học gần nhất,Bài học đã xong,Tỉ lệ bài học đã xong,Kết quả kiểm tra,Điểm kiểm tra,Ngày kiểm tra,Chứng nhận\r'
[ "$(head -n 1 "$csv" | tail -c +4)" = "$header" ] || fail "CSV header: $(head -n 1 "$csv")"
lines=$(wc -l <"$csv"); crlf=$(grep -c $'\r$' "$csv")
[ "$lines" = "$crlf" ] || fail "not every CSV line ends with CRLF ($crlf of $lines)"
named=$(q "SELECT COUNT(*) FROM learners l JOIN consents c ON c.learner_id = l.id AND c.withdrawn_at IS NULL WHERE l.erased_at IS NULL AND c.recipients LIKE '%certification_endpoint%'")
[ "$((lines - 1))" = "$named" ] || fail "the list has $((lines - 1)) learners, $named agreed to be named"
while read -r id; do
  n=$(name_of "$id")
  agreed=$(q "SELECT COUNT(*) FROM consents WHERE learner_id = '$id' AND withdrawn_at IS NULL AND recipients LIKE '%certification_endpoint%'")
  if [ "$agreed" = 1 ]; then grep -qF ",$n," "$csv" || fail "$n agreed and is missing from the list"
  else grep -qF ",$n," "$csv" && fail "$n did not agree to be named but is listed"; fi
done < <(q "SELECT id FROM learners WHERE erased_at IS NULL")
today=$(date +%d/%m/%Y)
grep -q ",$today," "$csv" || fail "no date as dd/mm/yyyy ($today) in the list"
grep -q ',Đạt,[0-9]*%,' "$csv" || fail "no exam result with a percentage in the list"
pdftotext -layout "${csv%.csv}.pdf" "$WORK/named.txt" || fail "the named list has no readable PDF"
grep -q "DANH SÁCH NGƯỜI HỌC" "$WORK/named.txt" || fail "the PDF has no Vietnamese title"
cp "${csv%.csv}.pdf" "$OUT/volunteer-named-list.pdf"  # to look at (pdftoppm -png)

# 6. A backup onto the USB drive from the settings, restored with the code
#    read off the screen (and refused with another code).
rm -f "$HOCSO_USB_DIR"/*
SCRIPT_SED+=(-e "s|@WORK@|$WORK|g")
run_script volunteer_backup --config "$WORK/hocso.toml"
backup=$(ls "$HOCSO_USB_DIR"/hocso-sao-luu-xa-tien-minh-*.hocso-backup) || fail "no backup on the USB drive"
code=$(cat "$WORK/backup-code.txt")
[[ "$code" =~ ^[2-9A-HJKMNP-TV-Z]{4}(-[2-9A-HJKMNP-TV-Z]{4}){3}$ ]] || fail "the backup code on screen looks wrong: '$code'"
printf "" >"$WORK/restored.toml"
echo "2345-6789-ABCD-EFGH" >"$WORK/wrong-code"
"$HOCSO" restore "$backup" --passphrase-file "$WORK/wrong-code" --data-dir "$WORK/restored" --config "$WORK/restored.toml"   >"$WORK/restore-wrong.txt" 2>&1 && fail "a wrong code opened the backup"
[ ! -e "$WORK/restored/kiosk.db" ] || fail "a refused restore left a kiosk.db"
echo "$code" >"$WORK/code"
"$HOCSO" restore "$backup" --passphrase-file "$WORK/code" --data-dir "$WORK/restored" --config "$WORK/restored.toml"   >"$WORK/restore.txt" 2>&1 || { cat "$WORK/restore.txt" >&2; fail "the backup did not restore with its code"; }
[ "$(sqlite3 "$WORK/restored/kiosk.db" "SELECT COUNT(*) FROM results")" = "$(q "SELECT COUNT(*) FROM results")" ] \
  || fail "the restored kiosk.db does not hold every result"

expect_shots volunteer-today volunteer-today-passed volunteer-today-sorted volunteer-today-search \
  volunteer-exam-confirm volunteer-exams-under-way volunteer-grace volunteer-help-search volunteer-pin-reset \
  volunteer-pin-reset-done volunteer-erase-confirm volunteer-erased volunteer-usb-export volunteer-today-200 \
  volunteer-help-200 volunteer-sync-200 volunteer-no-office-key volunteer-certificates \
  volunteer-certificates-copied volunteer-certificates-200 volunteer-named-report volunteer-backup
echo "1 passed, 0 failed"
