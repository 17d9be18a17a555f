// [sync], [sync.lrs], [sync.certification]: keys, types and the rules on values.
#include "sync/config.hpp"

namespace hocso::sync {

void describeConfig(ConfigSchema& schema, SyncConfig& c) {
  schema.table("sync");
  schema.integer("sync.interval_seconds", c.sync_interval_seconds);
  schema.text("sync.ca_bundle", c.ca_bundle);
  schema.text("sync.bundle_public_key", c.bundle_public_key);
  schema.text("sync.activity_base", c.activity_base);
  schema.text("sync.account_home_page", c.account_home_page);
  schema.table("sync.lrs");
  schema.text("sync.lrs.endpoint", c.lrs.endpoint);
  schema.text("sync.lrs.auth", c.lrs.auth);
  schema.text("sync.lrs.username", c.lrs.username);
  schema.text("sync.lrs.password", c.lrs.password);
  schema.text("sync.lrs.password_file", c.lrs.password_file);
  schema.text("sync.lrs.token_file", c.lrs.token_file);
  schema.integer("sync.lrs.batch_size", c.lrs.batch_size);
  schema.integer("sync.lrs.timeout_seconds", c.lrs.timeout_seconds);
  schema.table("sync.certification");
  schema.text("sync.certification.endpoint", c.certification.endpoint);
  schema.text("sync.certification.token_file", c.certification.token_file);
  schema.check([&c]() -> std::optional<std::string> {
    if (c.lrs.auth != "basic" && c.lrs.auth != "bearer")
      return "sync.lrs.auth must be \"basic\" or \"bearer\", not \"" + c.lrs.auth + "\"";
    if (c.lrs.batch_size < 1 || c.lrs.batch_size > 1000) return "sync.lrs.batch_size must be between 1 and 1000";
    if (c.lrs.timeout_seconds < 1) return "sync.lrs.timeout_seconds must be at least 1";
    if (c.sync_interval_seconds < 1) return "sync.interval_seconds must be at least 1";
    return std::nullopt;
  });
}

}  // namespace hocso::sync
