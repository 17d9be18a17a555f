// UI translations from gettext .po catalogs (assets/i18n/<lang>.po).
// msgids are English; Vietnamese is the default language. A tiny reader is
// used instead of libintl so the kiosk does not depend on generated locales.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>

namespace hocso::ui {

class Catalog {
 public:
  // Parses PO text; entries with an empty msgstr or marked fuzzy are skipped.
  static Catalog parse(std::string_view po);
  static Catalog load(const std::filesystem::path& file);
  const char* tr(const char* msgid) const;
  // Adds `other`'s entries that this catalog does not have yet.
  void merge(const Catalog& other);
  size_t size() const { return entries_.size(); }

 private:
  std::unordered_map<std::string, std::string> entries_;
};

// The catalog the UI uses: assets/i18n/<lang>.po and every <lang>-*.po;
// "en" means no catalog (msgids are English).
void setLanguage(const std::string& language);
const std::string& language();
const char* tr(const char* msgid);

}  // namespace hocso::ui
