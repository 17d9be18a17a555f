// [sync], [sync.lrs], [sync.certification]: keys, types and the rules on values.
#include "sync/config.hpp"

namespace hocso::sync {

void describeConfig(ConfigSchema& schema, SyncConfig& c) {
  schema.section("sync", {{"interval_seconds", c.sync_interval_seconds}, {"ca_bundle", c.ca_bundle},
                          {"bundle_public_key", c.bundle_public_key}, {"activity_base", c.activity_base},
                          {"account_home_page", c.account_home_page}});
  auto& lrs = c.lrs;
  schema.section("sync.lrs", {{"endpoint", lrs.endpoint}, {"auth", lrs.auth}, {"username", lrs.username},
                              {"password", lrs.password}, {"password_file", lrs.password_file},
                              {"token_file", lrs.token_file}, {"batch_size", lrs.batch_size},
                              {"timeout_seconds", lrs.timeout_seconds}});
  schema.section("sync.certification",
                 {{"endpoint", c.certification.endpoint}, {"token_file", c.certification.token_file}});
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
