// Where things live: data dir, config file, shared assets.
#pragma once

#include <filesystem>

namespace hocso {

// --data-dir if given; /var/lib/hocso for an installed binary; else
// $XDG_DATA_HOME/hocso (~/.local/share/hocso).
std::filesystem::path resolveDataDir(const std::string& flag);
// --config if given; /etc/hocso/hocso.toml for an installed binary; else
// $XDG_CONFIG_HOME/hocso/hocso.toml.
std::filesystem::path resolveConfigPath(const std::string& flag);
// Assets and default packs: $HOCSO_SHARE_DIR, the install prefix, or the
// source tree for a developer build.
std::filesystem::path shareDir();
// True for a binary installed under /usr, false for a developer build.
bool installedRun();

}  // namespace hocso
