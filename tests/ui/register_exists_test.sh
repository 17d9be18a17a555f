#!/usr/bin/env bash
# UI: a second registration with a citizen ID number already on the kiosk is
# refused with a plain message that quotes the welcome screen's sign-in
# button as its catalog reads now; nothing is saved, and "Về trang chủ"
# leads to that button.
# Usage: register_exists_test.sh HOCSO_KIOSK SOURCE_DIR OUT_DIR
set -euo pipefail
KIOSK="$1"; SRC="$2"; OUT="$3"
source "$SRC/tests/ui/ui_lib.sh"
use_pack citizen
# The button's words from the catalog (msgstr, without its ###id).
label=$(grep -A1 '^msgid "I have studied here: sign in with my picture###returning-picture"' "$SRC/assets/i18n/vi-signin.po" \
  | sed -n 's/^msgstr "\(.*\)###.*"$/\1/p')
[ -n "$label" ] || fail "the welcome button's label is not in vi-signin.po"
SCRIPT_SED=(-e "s|WELCOME_LABEL|$label|g")
run_script register_exists --config "$WORK/hocso.toml"
n=$(sqlite3 "$DATA/kiosk.db" "SELECT COUNT(*) FROM learners")
[ "$n" = 1 ] || fail "expected one learner after the refused registration, found $n"
[ -s "$OUT/register-already-registered.png" ] || fail "missing screenshot"
echo "1 passed, 0 failed"
