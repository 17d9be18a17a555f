#!/usr/bin/env bash
# UI: matching questions are answered by tapping, not with drop-downs. In
# the real hocso-kiosk under Xvfb a learner pairs the items of a practice
# matching question (left then right, right then left, undo, the keyboard,
# 200% text) and sees each pair judged in words; the exam opens with a
# simple question; then, signed in again, the learner answers the exam's
# first matching question by tapping, and kiosk.db keeps exactly the pairs
# the screen showed last (a part answer: one pair undone).
# Usage: matching_test.sh HOCSO_KIOSK HOCSO SOURCE_DIR OUT_DIR
set -euo pipefail
KIOSK="$1"; HOCSO="$2"; SRC="$3"; OUT="$4"
source "$SRC/tests/ui/ui_lib.sh"
fresh_kiosk matching citizen 2580

run_script matching_part1 --config "$WORK/hocso.toml"
# The practice answer is stored in the same format as before: for each left
# item, the index of its right item.
[ "$(q "SELECT response FROM answers WHERE question_id = 'q-0-20'")" = "[0,1,3,2]" ] \
  || fail "practice matching answer: $(q "SELECT response FROM answers WHERE question_id = 'q-0-20'")"

# The exam's first matching question (the draw is random).
attempt=$(q "SELECT attempt_id FROM exam_sessions")
ids=$(q "SELECT questions FROM exam_sessions" | grep -o '"id":"[^"]*"' | cut -d'"' -f4)
[ "$(wc -w <<<"$ids")" = 30 ] || fail "cannot read the exam's questions"
matching=$(awk '/^\[\[question\]\]/{id=""} /^id = /{gsub(/"/,"",$3); id=$3} /^type = "matching"/{print id}' \
  "$SRC"/content/packs/citizen/questions/*.toml)
pos=0; n=0; qid=""
for id in $ids; do
  n=$((n + 1))
  if [ "$pos" = 0 ] && grep -qx "$id" <<<"$matching"; then pos=$n; qid=$id; fi
done
if [ "$pos" = 0 ]; then
  # None drawn this time: put one in at question 5, as another draw would.
  old=$(sed -n 5p <<<"$ids"); qid=q-0-05; pos=5
  q "UPDATE exam_sessions SET questions = replace(questions, '\"$old\"', '\"$qid\"')"
  q "UPDATE attempts SET question_ids = replace(question_ids, '\"$old\"', '\"$qid\"') WHERE id = '$attempt'"
fi
[ "$pos" -gt 1 ] || fail "expected a matching question in the exam, not first (found at $pos in: $(q "SELECT questions FROM exam_sessions" | head -c 300))"

SCRIPT_SED=(-e "s|MATCHQ|$pos|g")
run_script matching_part2 --config "$WORK/hocso.toml"
# Pairs made: 0-0, 1-1, 3-2, 2-3; then 2-3 undone.
got=$(q "SELECT response FROM answers WHERE attempt_id = '$attempt' AND question_id = '$qid'")
[ "$got" = "[0,1,-1,2]" ] || fail "exam matching answer for $qid: '$got', expected [0,1,-1,2]"
expect_shots matching-01-start matching-02-waiting matching-03-paired matching-04-200 matching-05-feedback \
  matching-06-exam-first matching-07-exam matching-08-exam-paired matching-09-exam-200-1024
echo "matching: practice [0,1,3,2], exam question $pos ($qid) kept as $got"
echo "1 passed, 0 failed"
