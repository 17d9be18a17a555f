// Start-up of the shared composition: database, migrations, key, pack.
#include "kiosk_context.hpp"

#include <SQLiteCpp/Statement.h>
#include <spdlog/spdlog.h>

#include "assessment/records.hpp"
#include "base/database.hpp"
#include "base/ids.hpp"
#include "base/paths.hpp"
#include "content/loader.hpp"
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
                              }};
  return s;
}

Result<std::unique_ptr<SQLite::Database>> openKioskDatabase(const fs::path& data_dir) {
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  if (ec) return fail(ErrorCode::Io, "cannot create data dir " + data_dir.string() + ": " + ec.message());
  auto db = openDatabase((data_dir / "kiosk.db").string());
  if (!db) return tl::unexpected(db.error());
  for (const ModuleSchema* schema : {&kioskSchema(), &assessment::schema(), &sync::schema()}) {
    if (auto m = migrate(**db, *schema); !m) return tl::unexpected(m.error());
  }
  return db;
}

namespace {

Result<std::string> kioskId(SQLite::Database& db, const Config& config) {
  if (!config.kiosk_id.empty()) return config.kiosk_id;
  try {
    SQLite::Statement q(db, "SELECT value FROM kiosk_meta WHERE key = 'kiosk_id'");
    if (q.executeStep()) return q.getColumn(0).getString();
    const std::string id = uuid4();
    SQLite::Statement ins(db, "INSERT INTO kiosk_meta(key, value) VALUES ('kiosk_id', ?)");
    ins.bind(1, id);
    ins.exec();
    return id;
  } catch (const SQLite::Exception& e) {
    return fail(ErrorCode::Database, std::string("reading the kiosk id failed: ") + e.what());
  }
}

}  // namespace

Result<content::Pack> loadConfiguredPack(const Config& config, std::string* source) {
  std::vector<fs::path> candidates;
  if (!config.pack.empty()) {
    candidates.push_back(config.pack);
  } else {
    candidates.push_back(shareDir() / "content" / "packs" / "citizen");
    candidates.push_back(shareDir() / "content" / "packs" / "starter");
  }
  Error last{ErrorCode::NotFound, "no content pack found"};
  for (const auto& dir : candidates) {
    std::error_code ec;
    if (!fs::exists(dir / "pack.toml", ec)) {
      last = {ErrorCode::NotFound, "no content pack at " + dir.string()};
      continue;
    }
    auto pack = content::loadPackSources(dir);
    if (pack) {
      if (source) *source = dir.string();
      return pack;
    }
    spdlog::error("content pack {} is not valid:\n{}", dir.string(), pack.error().message);
    last = pack.error();
    if (!config.pack.empty()) break;
  }
  return tl::unexpected(last);
}

Result<std::unique_ptr<KioskContext>> openKiosk(const Config& config, const fs::path& data_dir) {
  auto ctx = std::make_unique<KioskContext>();
  ctx->config = config;
  ctx->data_dir = data_dir;
  auto db = openKioskDatabase(data_dir);
  if (!db) return tl::unexpected(db.error());
  ctx->db = std::move(*db);
  auto cipher = FieldCipher::loadOrCreate(data_dir / "keys" / "data.key");
  if (!cipher) return tl::unexpected(cipher.error());
  ctx->cipher = *cipher;
  auto id = kioskId(*ctx->db, config);
  if (!id) return tl::unexpected(id.error());
  ctx->kiosk_id = *id;
  auto pack = loadConfiguredPack(config, &ctx->pack_source);
  if (!pack) return tl::unexpected(pack.error());
  ctx->pack = std::move(*pack);
  spdlog::info("kiosk {} ready: data {}, pack {} {} ({} lessons, {} questions)", ctx->kiosk_id, data_dir.string(),
               ctx->pack.info.id, ctx->pack.info.version, ctx->pack.lessons.size(), ctx->pack.questions.size());
  return ctx;
}

}  // namespace hocso::app
