#include "usb_sync_export.hpp"

#include <SQLiteCpp/Statement.h>


#include "base/database.hpp"
#include "key_service.hpp"
#include "usb_media.hpp"

namespace hocso::app {
namespace fs = std::filesystem;

Result<PendingSummary> pendingSummary(SQLite::Database& db) {
  PendingSummary s;
  try {
    SQLite::Statement q(db,
                        "SELECT "
                        " (SELECT COUNT(*) FROM outbox WHERE state = 'pending'),"
                        " (SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND endpoint = 'lrs' AND"
                        "   json_extract(payload, '$.verb.id') IN ('http://adlnet.gov/expapi/verbs/passed',"
                        "     'http://adlnet.gov/expapi/verbs/failed', 'http://adlnet.gov/expapi/verbs/completed')),"
                        " (SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND endpoint = 'certification' AND"
                        "   json_extract(payload, '$.certificate_id') IS NOT NULL),"
                        " (SELECT COUNT(DISTINCT who) FROM ("
                        "   SELECT json_extract(payload, '$.actor.account.name') AS who FROM outbox"
                        "     WHERE state = 'pending' AND endpoint = 'lrs'"
                        "   UNION ALL SELECT json_extract(payload, '$.learner_id') FROM outbox"
                        "     WHERE state = 'pending' AND endpoint = 'certification') WHERE who IS NOT NULL)");
    if (q.executeStep()) {
      s.records = q.getColumn(0).getInt64();
      s.results = q.getColumn(1).getInt64();
      s.certificates = q.getColumn(2).getInt64();
      s.people = q.getColumn(3).getInt64();
    }
  } catch (const SQLite::Exception& e) {
    return fail(ErrorCode::Database, std::string("counting what waits to be sent failed: ") + e.what());
  }
  return s;
}

bool officeKeyConfigured(const Config& config) {
  std::error_code ec;
  return !config.bundle_public_key.empty() && fs::is_regular_file(config.bundle_public_key, ec);
}

UsbSyncExportJob::UsbSyncExportJob(const KioskContext& ctx, WallClock now_ms)
    : ctx_(std::make_shared<KioskContext>()), now_ms_(std::move(now_ms)) {
  ctx_->config = ctx.config;
  ctx_->data_dir = ctx.data_dir;
  ctx_->cipher = ctx.cipher;
  ctx_->kiosk_id = ctx.kiosk_id;
}

Result<UsbExportOutcome> UsbSyncExportJob::run(const fs::path& drive) {
  if (ctx_->config.bundle_public_key.empty())
    return fail(ErrorCode::Config, "[sync] bundle_public_key is not set: the central office's public key is needed to seal a bundle");
  const fs::path out =
      drive / ("hocso-ket-qua-" + siteFileName(ctx_->config.site_id) + "-" + localFileStamp(now_ms_()) + ".hocso");
  if (auto opened = openJobDatabase(*ctx_); !opened) return tl::unexpected(opened.error());
  const sync::BundleIdentity kiosk{ctx_->kiosk_id, ctx_->config.site_id, bundleSigningKeyFile(ctx_->data_dir)};
  auto summary = sync::exportBundle(*ctx_->db, ctx_->config, ctx_->cipher, kiosk, out);
  ctx_->db.reset();
  if (!summary) return tl::unexpected(summary.error());
  // exportBundle wrote it durably (file and folder synced) before returning.
  return UsbExportOutcome{out, *summary};
}

}  // namespace hocso::app
