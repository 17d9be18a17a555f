#include "usb_sync_export.hpp"

#include "base/database.hpp"
#include "key_service.hpp"
#include "usb_media.hpp"

namespace hocso::app {
namespace fs = std::filesystem;

bool officeKeyConfigured(const Config& config) {
  std::error_code ec;
  return !config.bundle_public_key.empty() && fs::is_regular_file(config.bundle_public_key, ec);
}

Result<UsbExportOutcome> UsbSyncExportJob::run(const fs::path& drive) {
  if (ctx_->config.bundle_public_key.empty())
    return fail(ErrorCode::Config, "[sync] bundle_public_key is not set: the central office's public key is needed to seal a bundle");
  const fs::path out =
      drive / ("hocso-ket-qua-" + siteFileName(ctx_->config.site_id) + "-" + localFileStamp(now_ms_()) + ".hocso");
  if (auto opened = openDatabase(); !opened) return tl::unexpected(opened.error());
  const sync::BundleIdentity kiosk{ctx_->kiosk_id, ctx_->config.site_id, bundleSigningKeyFile(ctx_->data_dir)};
  auto summary = sync::exportBundle(*ctx_->db, ctx_->config, ctx_->cipher, kiosk, out);
  ctx_->db.reset();
  if (!summary) return tl::unexpected(summary.error());
  // exportBundle wrote it durably (file and folder synced) before returning.
  return UsbExportOutcome{out, *summary};
}

}  // namespace hocso::app
