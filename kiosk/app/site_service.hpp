// A site of several kiosks (sync/README.md, "A site of several kiosks"):
// the site key and the invite that carries it, this kiosk's journal of
// signed segments, and the import of the other kiosks' segments. The CLI's
// `hocso site …` commands call these; a folder watcher and Syncthing (a
// later phase) will call the same.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "base/crypto.hpp"
#include "base/error.hpp"
#include "kiosk_context.hpp"
#include "sync/site.hpp"

namespace hocso::app {

// DATA_DIR/keys/site.key (32 bytes, mode 0600, beside data.key).
std::filesystem::path siteKeyFile(const std::filesystem::path& data_dir);
// DATA_DIR/site: one folder per kiosk of the site, this kiosk's own journal
// and the segments imported from the others (what a stick or Syncthing carries).
std::filesystem::path siteFolder(const std::filesystem::path& data_dir);

// The site key when this kiosk is in a site (nullopt when not); refused when
// the key file is missing or is not the key kiosk.db recorded when it joined.
Result<std::optional<FieldCipher>> loadSiteKey(SQLite::Database& db, const std::filesystem::path& data_dir);

// This kiosk's site and its key, for what needs a site (NotFound, saying
// how to join one, when this kiosk is in none).
struct SiteMember {
  sync::SiteMembership membership;
  FieldCipher key;
};
Result<SiteMember> requireSiteMember(KioskContext& ctx);

// The smallest invite PIN accepted (the invite is brute-forced offline
// otherwise; scrypt makes each guess cost, a longer PIN makes them many).
inline constexpr size_t kMinInvitePinLength = 6;

// Creates the site: a random 256-bit site key and a site id, this kiosk its
// first member, and INVITE (mode 0600) carrying the site id and name, this
// kiosk's id and signing key, and the site key sealed under the PIN
// (scrypt + AES-256-GCM). Exists when this kiosk is already in a site.
Result<sync::SiteMembership> initSite(KioskContext& ctx, const std::string& name, const std::filesystem::path& invite,
                                      const std::string& pin);
// Opens INVITE with the PIN (a wrong PIN, a damaged invite: one clear
// error), stores the site key, records the membership and pins the first
// kiosk's signing key. Joining the same site again is a no-op.
Result<sync::SiteMembership> joinSite(KioskContext& ctx, const std::filesystem::path& invite, const std::string& pin);
// Only checks that the PIN opens INVITE (provisioning checks every answer
// before it writes anything); the same errors as joinSite.
Result<void> checkInvite(const std::filesystem::path& invite, const std::string& pin);

struct JournalSummary {
  long long seq = 0;      // the segment written now; 0: nothing new to write
  size_t records = 0;     // records in it
  int adopted = 0;        // segments found in the journal folder but not in kiosk.db (an interrupted write)
};
// Writes this kiosk's new and changed records as its next segment, in
// siteFolder()/<kiosk id>/.
Result<JournalSummary> writeJournal(KioskContext& ctx);

struct SiteExportSummary {
  JournalSummary journal;
  int copied = 0;         // segment files written to the folder (any kiosk)
};
// writeJournal, then copies every segment this kiosk holds (its own and its
// peers') into OUT/<kiosk id>/, so one stick carries the whole site.
Result<SiteExportSummary> exportSite(KioskContext& ctx, const std::filesystem::path& out);

struct SiteImportSummary {
  int segments = 0;                   // new segments imported
  int inserted = 0, updated = 0, unchanged = 0;
  int erased = 0;                     // learners erased here because another kiosk erased them
  std::vector<std::string> conflicts; // one line each (kept as they were here)
};
// Imports every other kiosk's new segments from DIR (a stick's copy or the
// shared folder). Everything is checked first: one damaged, foreign,
// wrongly signed, replayed or missing segment and nothing is imported (an
// error naming it). Imported records are never queued for the LRS or the
// certification endpoint: only their origin kiosk sends them.
Result<SiteImportSummary> importSite(KioskContext& ctx, const std::filesystem::path& dir);

struct SiteKioskStatus {
  std::string id;
  bool this_kiosk = false;
  std::string last_seen;        // created_at of its newest segment known here ("" none yet)
  long long segments = 0;       // its newest segment known here
  long long segments_behind = 0;
};
struct SiteStatus {
  std::string site_id, name;
  std::vector<SiteKioskStatus> kiosks;
  int learners_from_peers = 0;
  int conflicts = 0;
};
// nullopt when this kiosk is in no site.
Result<std::optional<SiteStatus>> siteStatus(KioskContext& ctx);

// The kiosk where the learner has an exam under way (another kiosk of the
// site told so and has not sent the finished exam yet); nullopt when none.
Result<std::optional<std::string>> examOnAnotherKiosk(KioskContext& ctx, const std::string& learner_id);

}  // namespace hocso::app
