// Content packs from a USB drive, for facilitator mode: check a pack's
// signature against the trusted keys, install it atomically (the pack it
// replaces is kept), roll back, and load the newly installed pack into the
// running kiosk when that is safe (no exam under way, no pack forced by
// hocso.toml); otherwise it is used from the next start.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "content/pack_store.hpp"
#include "kiosk_context.hpp"

namespace hocso::app {

// Why a pack cannot be used, so the screen can say it in plain words.
enum class PackProblem { None, Unreadable, NotAPack, Untrusted, Damaged, Older, Failed };

struct PackCheck {
  PackProblem problem = PackProblem::None;
  std::string detail;                   // the English error (logs), empty when fine
  std::string id, version, title, key_id;
  int lessons = 0, questions = 0;
  bool same_as_current = false;         // same id and version as the running pack
};

struct PackChange {
  PackProblem problem = PackProblem::None;
  std::string detail;
  content::InstallReport report;
};

enum class Activation { Now, NextStart_ExamInProgress, NextStart_ConfiguredPack, NextStart_LoadFailed };

class ContentInstallService {
 public:
  explicit ContentInstallService(KioskContext& ctx);

  // The running pack.
  const content::PackInfo& current() const { return ctx_->pack.info; }
  bool hasPrevious() const;

  // Reading, verifying and installing touch only files (not kiosk.db or the
  // running pack), so a copy of this service may run them on another thread.
  PackCheck check(const std::filesystem::path& pack_file) const;
  PackChange install(const std::filesystem::path& pack_file) const;   // refuses an older version
  PackChange rollback() const;

  // UI thread, after install or rollback: loads the installed pack into the
  // running kiosk when it is safe; says why not otherwise.
  Activation activate();

 private:
  KioskContext* ctx_;
  std::filesystem::path data_dir_;
  std::vector<std::filesystem::path> key_files_;
  std::string running_id_, running_version_;
};

}  // namespace hocso::app
