# Shared by the scripts in deploy/ (sourced, never run on its own): the
# source tree's root (ROOT), one way to say what is wrong, to print --help
# and to read the options. Source it after `set -euo pipefail`; it names the
# sourcing script ($0).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOCSO_SCRIPT="$(basename "$0")"

# "SCRIPT: message" on stderr, then exit 1.
die() { echo "$HOCSO_SCRIPT: $*" >&2; exit 1; }

# The script's header comment (from line 2 to the first line that is not a
# comment) without its "# ": the --help text.
print_help() { awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"; }

# The value given after option $1, i.e. $2: `ARCH="$(opt_value "$@")"; shift 2`.
# A missing or empty value stops the script with what is wrong.
opt_value() {
  [ $# -ge 2 ] && [ -n "$2" ] || die "$1 needs a value; see deploy/$HOCSO_SCRIPT --help"
  printf '%s' "$2"
}

unknown_option() { die "unknown option '$1'; see deploy/$HOCSO_SCRIPT --help"; }

# parse_options NAME=VAR... -- ARGS...: each `--NAME VALUE` in ARGS sets the
# variable VAR (read with opt_value); -h/--help prints the help and exits;
# anything else is an unknown option.
parse_options() {
  local -A var=()
  local value
  while [ "$1" != -- ]; do var["--${1%%=*}"]="${1#*=}"; shift; done
  shift
  while [ $# -gt 0 ]; do
    case "$1" in -h|--help) print_help; exit 0 ;; esac
    [ -n "${var[$1]:-}" ] || unknown_option "$1"
    value="$(opt_value "$@")"
    printf -v "${var[$1]}" '%s' "$value"
    shift 2
  done
}
