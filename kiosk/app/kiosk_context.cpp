// Start-up of the shared composition: database, migrations, key, pack.
#include "kiosk_context.hpp"
#include "site_service.hpp"

#include <SQLiteCpp/Statement.h>
#include <spdlog/spdlog.h>

#include "assessment/records.hpp"
#include "base/database.hpp"
#include "base/files.hpp"
#include "base/ids.hpp"
#include "base/paths.hpp"
#include "base/transaction.hpp"
#include "content/loader.hpp"
#include "content/pack_file.hpp"
#include "content/pack_store.hpp"
#include "key_binding.hpp"
#include "kiosk_tables.hpp"
#include "machine_identity.hpp"
#include "settings_service.hpp"
#include "sync/outbox.hpp"

namespace hocso::app {
namespace fs = std::filesystem;

const ModuleSchema& kioskSchema() {
  static const ModuleSchema s{"kiosk",
                              {
                                  {1, R"sql(
CREATE TABLE kiosk_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql"},
                                  // Settings a facilitator changed on the kiosk (site name, language,
                                  // idle timeout, voice): they override hocso.toml from then on
                                  // (see settings_service.hpp).
                                  {2, R"sql(
CREATE TABLE kiosk_settings (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  changed_at TEXT NOT NULL,
  changed_by TEXT NOT NULL
);
)sql"},
                                  // Learners a facilitator listed, with their agreement, as Đại sứ số
                                  // (digital ambassadors) of this kiosk: the only names a new learner
                                  // is shown when asked who guides them (see
                                  // LearnerService::listedMentors).
                                  {3, R"sql(
CREATE TABLE kiosk_mentors (
  learner_id TEXT PRIMARY KEY,
  listed_at  TEXT NOT NULL,
  listed_by  TEXT NOT NULL
);
)sql"},
                                  // What a facilitator did to a learner's account from facilitator
                                  // mode (a PIN reset after checking their identity document, an
                                  // erasure on request): when, who (the facilitator's pseudonymous
                                  // id) and whose account (the learner's pseudonymous id). No names.
                                  {4, R"sql(
CREATE TABLE kiosk_audit (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  at             TEXT NOT NULL,
  facilitator_id TEXT NOT NULL,
  action         TEXT NOT NULL CHECK (action IN ('pin_reset', 'learner_erased')),
  learner_id     TEXT NOT NULL
);
CREATE INDEX kiosk_audit_by_learner ON kiosk_audit(learner_id);
)sql"},
                                  // Facilitators made by `hocso simulate` (test data): they are never
                                  // offered on the kiosk's facilitator login or exam unlock lists
                                  // (FacilitatorService::facilitatorsForLogin).
                                  {5, R"sql(
CREATE TABLE kiosk_simulated_facilitators (
  facilitator_id TEXT PRIMARY KEY,
  flagged_at     TEXT NOT NULL
);
)sql"},
                              }};
  return s;
}

Result<std::unique_ptr<SQLite::Database>> openKioskDatabase(const fs::path& data_dir) {
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  if (ec) return fail(ErrorCode::Io, "cannot create data dir " + data_dir.string() + ": " + ec.message());
  // Keys next to a missing, emptied or replaced database: refused before anything is written.
  if (auto wiped = checkKeysHaveTheirDatabase(data_dir); !wiped) return tl::unexpected(wiped.error());
  auto db = openDatabase((data_dir / "kiosk.db").string());
  if (!db) return tl::unexpected(db.error());
  restrictDataDirPermissions(data_dir);
  if (auto anchored = checkDatabaseIsAnchored(**db, data_dir); !anchored) return tl::unexpected(anchored.error());
  for (const ModuleSchema* schema : {&kioskSchema(), &assessment::schema(), &sync::schema()}) {
    if (auto m = migrate(**db, *schema); !m) return tl::unexpected(m.error());
  }
  return db;
}

std::shared_ptr<KioskContext> jobContext(const KioskContext& ctx) {
  auto job = std::make_shared<KioskContext>();
  job->config = ctx.config;
  job->data_dir = ctx.data_dir;
  job->cipher = ctx.cipher;
  job->site_cipher = ctx.site_cipher;
  job->kiosk_id = ctx.kiosk_id;
  job->pack_source = ctx.pack_source;
  job->pack.info = ctx.pack.info;
  job->pack.lessons = ctx.pack.lessons;
  job->pack.questions = ctx.pack.questions;
  job->pack.framework = ctx.pack.framework;
  return job;
}

Result<void> openJobDatabase(KioskContext& job) {
  auto db = openDatabase((job.data_dir / "kiosk.db").string());
  if (!db) return tl::unexpected(db.error());
  job.db = std::move(*db);
  return {};
}

std::string noKioskDatabaseMessage(const fs::path& data_dir) {
  // Keys anchored to a database that is gone: a wipe, not a mistyped folder.
  if (auto wiped = checkKeysHaveTheirDatabase(data_dir); !wiped) return wiped.error().message;
  return "no kiosk database at " + data_dir.string() + "; check --data-dir";
}

Result<std::unique_ptr<SQLite::Database>> openKioskDatabaseReadOnly(const fs::path& data_dir) {
  auto db = openDatabaseReadOnly((data_dir / "kiosk.db").string());
  if (!db) {
    if (db.error().code == ErrorCode::NotFound) return fail(ErrorCode::NotFound, noKioskDatabaseMessage(data_dir));
    return tl::unexpected(db.error());
  }
  try {
    for (const ModuleSchema* schema : {&kioskSchema(), &assessment::schema(), &sync::schema()}) {
      const int known = schema->migrations.back().version;
      const int at = schemaVersion(**db, schema->module);
      if (at > known)
        return fail(ErrorCode::SchemaTooNew, "kiosk.db in " + data_dir.string() + " was written by a newer HọcSố ('" +
                                                 schema->module + "' schema " + std::to_string(at) + ", this one knows " +
                                                 std::to_string(known) + "); use that version");
      if (at < known)
        return fail(ErrorCode::Database, "kiosk.db in " + data_dir.string() + " is from an older HọcSố ('" +
                                             schema->module + "' schema " + std::to_string(at) + " of " +
                                             std::to_string(known) +
                                             "); start hocso-kiosk once to upgrade it, then run this again");
    }
  } catch (const SQLite::Exception& e) {
    return fail(ErrorCode::Database, "kiosk.db in " + data_dir.string() + " is not a kiosk database: " + e.what());
  }
  return db;
}

namespace {

Result<std::string> kioskId(SQLite::Database& db, const Config& config) {
  if (!config.kiosk_id.empty()) return config.kiosk_id;
  // Made once, under the write lock: two processes starting together agree on one id.
  return writeTransaction(db, "reading the kiosk id failed", [&]() -> Result<std::string> {
    KioskMetaRepository meta(db);
    auto recorded = meta.get("kiosk_id");
    if (!recorded) return tl::unexpected(recorded.error());
    if (*recorded) return **recorded;
    const std::string id = uuid4();
    if (auto ok = meta.put("kiosk_id", id); !ok) return tl::unexpected(ok.error());
    return id;
  });
}

}  // namespace

namespace {

Result<content::Pack> openSignedPack(const fs::path& file, const std::vector<fs::path>& keyFiles) {
  auto keys = content::readTrustedKeys(keyFiles);
  if (!keys) return tl::unexpected(keys.error());
  auto opened = content::openPackFile(file, *keys);
  if (!opened) return tl::unexpected(opened.error());
  return std::move(opened->pack);
}

Result<content::Pack> findPack(const Config& config, const fs::path& data_dir, std::string* source) {
  std::error_code ec;
  if (!config.pack.empty()) {
    if (source) *source = config.pack;
    if (fs::is_directory(config.pack, ec)) return content::openPackSources(config.pack);
    return openSignedPack(config.pack, content::trustedKeyFiles(config));
  }
  content::PackStore store(data_dir);
  for (const auto& file : {store.current(), store.previous()}) {
    if (!fs::exists(file, ec)) continue;
    auto pack = openSignedPack(file, content::trustedKeyFiles(config));
    if (pack) {
      if (source) *source = file.string();
      return pack;
    }
    spdlog::error("installed content pack cannot be used: {}", pack.error().message);
  }
  const auto shipped = content::shippedPack();
  Error last{ErrorCode::NotFound, "no content pack found (" + shipped.file.string() + " is missing)"};
  if (fs::exists(shipped.file, ec)) {
    auto pack = openSignedPack(shipped.file, {shipped.public_key});
    if (pack) {
      if (source) *source = shipped.file.string();
      return pack;
    }
    spdlog::error("the default content pack cannot be used: {}", pack.error().message);
    last = pack.error();
  }
  if (installedRun()) return tl::unexpected(last);
  // A developer build whose default pack is not built yet: read the sources.
  spdlog::warn("no built default pack at {}: reading the pack sources", shipped.file.string());
  for (const char* name : {"citizen", "starter"}) {
    const fs::path dir = shareDir() / "content" / "packs" / name;
    auto pack = content::openPackSources(dir);
    if (pack) {
      if (source) *source = dir.string();
      return pack;
    }
    spdlog::error("content pack {} is not valid:\n{}", dir.string(), pack.error().message);
    last = pack.error();
  }
  return tl::unexpected(last);
}

}  // namespace

Result<content::Pack> loadConfiguredPack(const Config& config, const fs::path& data_dir, std::string* source) {
  auto pack = findPack(config, data_dir, source);
  if (!pack) return pack;
  for (const auto& w : content::applyExamOverrides(pack->framework, config)) spdlog::warn("{}", w);
  for (const auto& p : content::checkBlueprints(*pack, pack->framework, "", 0))
    spdlog::error("pack {} {}: {}", pack->info.id, pack->info.version, p.message);
  return pack;
}

Result<std::unique_ptr<KioskContext>> openKiosk(const Config& config, const fs::path& data_dir) {
  auto ctx = std::make_unique<KioskContext>();
  ctx->config = config;
  ctx->data_dir = data_dir;
  auto db = openKioskDatabase(data_dir);
  if (!db) return tl::unexpected(db.error());
  ctx->db = std::move(*db);
  if (auto same = checkMachineIdentity(*ctx->db, data_dir); !same) return tl::unexpected(same.error());
  if (int n = content::PackStore(data_dir).removeStaleTemporaries(); n > 0)
    spdlog::info("removed {} temporary file(s) an interrupted pack install left in {}", n, (data_dir / "packs").string());
  auto id = kioskId(*ctx->db, config);
  if (!id) return tl::unexpected(id.error());
  ctx->kiosk_id = *id;
  // The keys this database was written with; never a silent new one.
  auto keys = bindKeys(*ctx->db, data_dir, ctx->kiosk_id);
  if (!keys) return tl::unexpected(keys.error());
  ctx->cipher = keys->cipher;
  ctx->signer = keys->signer;
  // A missing or foreign site key is not fatal here (the CLI must open to
  // restore it); the kiosk app refuses to serve learners without it.
  if (auto site = loadSiteKey(*ctx->db, data_dir); !site) {
    spdlog::error("site: {}", site.error().message);
    ctx->site_key_error = site.error();
  } else {
    ctx->site_cipher = *site;
  }
  // Learners' name indexes from before accent folding, recomputed once
  // (needs the data key); nothing to do on later opens.
  auto reindexed = writeTransaction(*ctx->db, "upgrading the learners' name indexes failed", [&] {
    return assessment::LearnerRepository(*ctx->db, ctx->cipher).upgradeNameIndexes();
  });
  if (!reindexed) return tl::unexpected(reindexed.error());
  if (*reindexed > 0) spdlog::info("re-indexed {} learner name(s) for sign-in without accents", *reindexed);
  if (auto anchor = compareWithAnchor(*ctx->db, data_dir); anchor && !anchor->empty())
    spdlog::error("records: {} (run hocso records verify)", *anchor);
  // Settings changed on the facilitator screen win over hocso.toml.
  auto saved = loadSavedSettings(*ctx->db);
  if (!saved) return tl::unexpected(saved.error());
  applySettings(*saved, ctx->config);
  auto pack = loadConfiguredPack(config, data_dir, &ctx->pack_source);
  if (!pack) return tl::unexpected(pack.error());
  ctx->pack = std::move(*pack);
  spdlog::info("kiosk {} ready: data {}, pack {} {} ({} lessons, {} questions)", ctx->kiosk_id, data_dir.string(),
               ctx->pack.info.id, ctx->pack.info.version, ctx->pack.lessons.size(), ctx->pack.questions.size());
  return ctx;
}

}  // namespace hocso::app
