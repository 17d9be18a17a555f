// [site] and [kiosk], and the whole file composed from each module's sections.
#include "kiosk_config.hpp"

namespace hocso {

void describeConfig(ConfigSchema& schema, KioskConfig& c) {
  schema.section("site", {{"id", c.site_id}, {"name", c.site_name}});
  schema.section("kiosk", {{"id", c.kiosk_id}, {"language", c.language}, {"text_scale", c.text_scale},
                           {"high_contrast", c.high_contrast}, {"idle_minutes", c.idle_minutes}, {"voice", c.voice}});
  schema.check([&c]() -> std::optional<std::string> {
    if (!(c.text_scale >= 1.0 && c.text_scale <= 2.0)) return "kiosk.text_scale must be between 1.0 and 2.0";
    if (c.language != "vi" && c.language != "en") return "kiosk.language must be \"vi\" or \"en\"";
    if (c.idle_minutes < 1 || c.idle_minutes > 240) return "kiosk.idle_minutes must be between 1 and 240";
    if (c.voice != "vi" && c.voice != "vi-vn-x-central" && c.voice != "vi-vn-x-south")
      return "kiosk.voice must be \"vi\", \"vi-vn-x-central\" or \"vi-vn-x-south\"";
    if (c.site_id.empty()) return "site.id must not be empty";
    return std::nullopt;
  });
}

Result<Config> parseConfig(std::string_view text, const std::string& source_name,
                           std::vector<ConfigWarning>* warnings) {
  Config config;
  ConfigSchema schema;
  describeConfig(schema, static_cast<sync::SyncConfig&>(config));
  describeConfig(schema, static_cast<KioskConfig&>(config));
  describeConfig(schema, static_cast<content::ContentConfig&>(config));
  if (auto r = schema.parse(text, source_name, warnings); !r) return tl::unexpected(r.error());
  return config;
}

Result<Config> loadConfig(const std::filesystem::path& path, bool required,
                          std::vector<ConfigWarning>* warnings) {
  auto text = readConfigText(path, required);
  if (!text) return tl::unexpected(text.error());
  if (!*text) return Config{};
  auto c = parseConfig(**text, path.string(), warnings);
  if (c) c->cameFrom(path);
  return c;
}

}  // namespace hocso
