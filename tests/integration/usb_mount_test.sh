#!/usr/bin/env bash
# deploy/usb/hocso-usb-mount, as udev runs it for a USB stick (no desktop
# automounter under cage): the systemd-mount command it runs, through a fake
# systemd-mount on SYSTEMD_MOUNT that records its arguments. A real stick
# cannot be plugged in here; this checks the decisions the script makes.
# Usage: usb_mount_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
SRC="$1"; BUILD="$2"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
SCRIPT="$SRC/deploy/usb/hocso-usb-mount"
cat >"$WORK/systemd-mount" <<'FAKE'
#!/bin/sh
printf '%s\n' "$@" >"$HOCSO_TEST_ARGS"
FAKE
chmod +x "$WORK/systemd-mount"
: >"$WORK/mounts"
me=$(id -un)
# run_mount KEY=VALUE...: the script with udev's variables; its arguments in $WORK/args.
run_mount() {
  rm -f "$WORK/args"
  env -i PATH="$PATH" HOCSO_USB_ROOT="$WORK/media/hocso" HOCSO_USB_USER="$me" SYSTEMD_MOUNT="$WORK/systemd-mount" \
    HOCSO_USB_MOUNTS="$WORK/mounts" HOCSO_TEST_ARGS="$WORK/args" "$@" sh "$SCRIPT"
}
has() { grep -qxF -- "$1" "$WORK/args" || fail "$2: no '$1' in: $(tr '\n' ' ' <"$WORK/args")"; }
passed=0

# A FAT stick with a label: mounted for the kiosk's user, never exec/suid/dev, as an automount.
run_mount DEVNAME=/dev/sdb1 ID_FS_TYPE=vfat ID_FS_UUID=1A2B-3C4D ID_FS_LABEL="HOCSO DATA" || fail "vfat: exit $?"
has /dev/sdb1 vfat
has "$WORK/media/hocso/HOCSO_DATA" vfat
has --automount=yes vfat
has --no-block vfat
has --collect vfat
has --type=vfat vfat
has "--options=nosuid,nodev,noexec,uid=$(id -u),gid=$(id -g),umask=027" vfat
[ -d "$WORK/media/hocso" ] || fail "the mount root was not made"
passed=$((passed + 1))

# ext4 keeps its owners; NTFS goes to the kernel's ntfs3 driver.
run_mount DEVNAME=/dev/sdc1 ID_FS_TYPE=ext4 ID_FS_UUID=abcd-ef ID_FS_LABEL=office || fail "ext4: exit $?"
has --options=nosuid,nodev,noexec ext4
has --type=ext4 ext4
run_mount DEVNAME=/dev/sdd1 ID_FS_TYPE=ntfs ID_FS_UUID=0011 ID_FS_LABEL=win || fail "ntfs: exit $?"
has --type=ntfs3 ntfs
passed=$((passed + 1))

# No label, or a label of shell and path characters: a safe folder name.
run_mount DEVNAME=/dev/sde1 ID_FS_TYPE=exfat ID_FS_UUID=77AA-01 || fail "no label: exit $?"
has "$WORK/media/hocso/USB-77AA-01" "no label"
run_mount DEVNAME=/dev/sde1 ID_FS_TYPE=vfat ID_FS_UUID=77AA-02 ID_FS_LABEL='../$(x);Dữ' || fail "odd label: exit $?"
dir=$(grep "^$WORK/media/hocso/" "$WORK/args")
case "${dir#"$WORK/media/hocso/"}" in */*|*'$'*|*';'*|*'('*|.*|'') fail "unsafe folder name: $dir" ;; esac
passed=$((passed + 1))

# Two sticks with one label: the second gets its UUID.
echo "systemd-1 $WORK/media/hocso/HOCSO_DATA autofs rw 0 0" >"$WORK/mounts"
run_mount DEVNAME=/dev/sdf1 ID_FS_TYPE=vfat ID_FS_UUID=99FF-0000 ID_FS_LABEL="HOCSO DATA" || fail "same label: exit $?"
has "$WORK/media/hocso/HOCSO_DATA-99FF-0000" "same label"
passed=$((passed + 1))

# A filesystem the kiosk cannot use (swap, LUKS): nothing is mounted, and udev sees success.
run_mount DEVNAME=/dev/sdg1 ID_FS_TYPE=crypto_LUKS ID_FS_UUID=x || fail "luks: exit $?"
[ ! -e "$WORK/args" ] || fail "a LUKS volume was mounted"
passed=$((passed + 1))

# The installed udev rule runs the installed script, for USB filesystems only.
RULE="$BUILD/deploy/90-hocso-usb.rules"
[ -f "$RULE" ] || fail "no generated udev rule at $RULE"
grep -q 'ENV{ID_BUS}=="usb"' "$RULE" || fail "the rule is not limited to USB disks"
grep -q 'ENV{ID_FS_USAGE}=="filesystem"' "$RULE" || fail "the rule is not limited to filesystems"
grep -qE 'RUN\{program\}\+="/[^"]*/hocso/hocso-usb-mount"' "$RULE" || fail "the rule does not run the installed script: $(cat "$RULE")"
passed=$((passed + 1))
echo "$passed passed, 0 failed"
