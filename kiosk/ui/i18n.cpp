// A minimal PO reader: msgid/msgstr pairs with C escapes and continued lines.
#include "i18n.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <vector>
#include <sstream>

#include "base/files.hpp"
#include "base/paths.hpp"

namespace hocso::ui {
namespace {

std::string unquote(std::string_view s) {
  const size_t b = s.find('"');
  const size_t e = s.rfind('"');
  if (b == std::string_view::npos || e <= b) return "";
  std::string out;
  for (size_t i = b + 1; i < e; ++i) {
    if (s[i] == '\\' && i + 1 < e) {
      const char c = s[++i];
      out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
    } else {
      out += s[i];
    }
  }
  return out;
}

Catalog g_catalog;
std::string g_language = "vi";

}  // namespace

Catalog Catalog::parse(std::string_view po) {
  Catalog c;
  std::string msgid, msgstr;
  std::string* field = nullptr;
  bool fuzzy = false;
  auto commit = [&] {
    if (!msgid.empty() && !msgstr.empty() && !fuzzy) c.entries_[msgid] = msgstr;
    msgid.clear();
    msgstr.clear();
    field = nullptr;
    fuzzy = false;
  };
  std::istringstream in{std::string(po)};
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("#,", 0) == 0 && line.find("fuzzy") != std::string::npos) {
      commit();
      fuzzy = true;
    } else if (line.rfind("msgid ", 0) == 0) {
      const bool keepFuzzy = fuzzy;
      commit();
      fuzzy = keepFuzzy;
      msgid = unquote(line);
      field = &msgid;
    } else if (line.rfind("msgstr ", 0) == 0) {
      msgstr = unquote(line);
      field = &msgstr;
    } else if (!line.empty() && line[0] == '"' && field) {
      *field += unquote(line);
    } else if (line.empty()) {
      if (field == &msgstr) commit();
    }
  }
  commit();
  return c;
}

Catalog Catalog::load(const std::filesystem::path& file) {
  auto text = readFileBounded(file, 16 * kSmallFileLimit);
  if (!text) spdlog::warn("translations not loaded: {}", text.error().message);
  return parse(text ? *text : std::string());
}

const char* Catalog::tr(const char* msgid) const {
  auto it = entries_.find(msgid);
  return it == entries_.end() ? msgid : it->second.c_str();
}

void Catalog::merge(const Catalog& other) {
  for (const auto& [id, text] : other.entries_) entries_.emplace(id, text);
}

void setLanguage(const std::string& lang) {
  g_language = lang;
  g_catalog = Catalog{};
  if (lang == "en") return;
  // <lang>.po, then every <lang>-<part>.po (one catalog per part of the UI).
  const auto dir = shareDir() / "assets" / "i18n";
  g_catalog = Catalog::load(dir / (lang + ".po"));
  std::vector<std::filesystem::path> parts;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string file = entry.path().filename().string();
    if (file.rfind(lang + "-", 0) == 0 && entry.path().extension() == ".po") parts.push_back(entry.path());
  }
  std::sort(parts.begin(), parts.end());
  for (const auto& part : parts) g_catalog.merge(Catalog::load(part));
}

const std::string& language() { return g_language; }

const char* tr(const char* msgid) { return g_catalog.tr(msgid); }

}  // namespace hocso::ui
