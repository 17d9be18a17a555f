// A static check of one xAPI 1.0.3 statement as the kiosk builds them (the
// real Learning Locker validation runs in integration.lrs_roundtrip): the
// rules of the spec that an LRS enforces, plus the kiosk's own mapping rules
// from sync/README.md (pseudonymous account actor, vi-VN-only language maps,
// activity ids and extension keys under the activity base).
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "sync/retry.hpp"

namespace hocso::test {

inline bool isUuid(const nlohmann::json& v) {
  static const std::regex re("^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  return v.is_string() && std::regex_match(v.get<std::string>(), re);
}

inline bool isAbsoluteIri(const nlohmann::json& v) {
  static const std::regex re("^[a-z][a-z0-9+.-]*://[^\\s]+$");
  return v.is_string() && std::regex_match(v.get<std::string>(), re);
}

inline void expectViLanguageMap(const nlohmann::json& m, const std::string& where) {
  ASSERT_TRUE(m.is_object()) << where;
  EXPECT_EQ(m.size(), 1u) << where << ": " << m.dump();
  EXPECT_TRUE(m.contains("vi-VN") && m["vi-VN"].is_string() && !m["vi-VN"].get<std::string>().empty())
      << where << ": " << m.dump();
}

inline void expectActivity(const nlohmann::json& a, const std::string& base, const std::string& where) {
  EXPECT_EQ(a.value("objectType", ""), "Activity") << where;
  EXPECT_TRUE(isAbsoluteIri(a["id"])) << where;
  EXPECT_EQ(a["id"].get<std::string>().rfind(base, 0), 0u) << where << " id not under " << base;
  if (a.contains("definition")) {
    const auto& d = a["definition"];
    if (d.contains("type")) {
      EXPECT_TRUE(isAbsoluteIri(d["type"])) << where;
    }
    if (d.contains("name")) expectViLanguageMap(d["name"], where + ".definition.name");
    if (d.contains("description")) expectViLanguageMap(d["description"], where + ".definition.description");
  }
}

inline void expectExtensions(const nlohmann::json& ext, const std::string& base, const std::string& where) {
  ASSERT_TRUE(ext.is_object()) << where;
  for (const auto& [key, value] : ext.items()) {
    EXPECT_TRUE(isAbsoluteIri(nlohmann::json(key))) << where << ": " << key;
    EXPECT_EQ(key.rfind(base + "ext/", 0), 0u) << where << ": " << key;
  }
}

// Checks `st` and says which rule it breaks. `base` is the activity base IRI.
inline void expectValidKioskStatement(const nlohmann::json& st, const std::string& base) {
  const std::string where = st.value("id", std::string("(no id)"));
  ASSERT_TRUE(st.is_object());
  EXPECT_TRUE(isUuid(st["id"])) << where << ": id is not a UUID";
  for (const auto& [key, value] : st.items())
    EXPECT_TRUE(key == "id" || key == "actor" || key == "verb" || key == "object" || key == "result" ||
                key == "context" || key == "timestamp")
        << where << ": unexpected property " << key;
  // Actor: a pseudonymous account, never a name or mailbox.
  const auto& actor = st["actor"];
  EXPECT_EQ(actor.value("objectType", ""), "Agent") << where;
  EXPECT_FALSE(actor.contains("name") || actor.contains("mbox") || actor.contains("mbox_sha1sum")) << where;
  ASSERT_TRUE(actor.contains("account")) << where;
  EXPECT_TRUE(isAbsoluteIri(actor["account"]["homePage"])) << where;
  EXPECT_TRUE(actor["account"]["name"].is_string() && !actor["account"]["name"].get<std::string>().empty()) << where;
  // Verb.
  EXPECT_TRUE(isAbsoluteIri(st["verb"]["id"])) << where;
  expectViLanguageMap(st["verb"]["display"], where + ".verb.display");
  // Object.
  expectActivity(st["object"], base, where + ".object");
  // Result.
  if (st.contains("result")) {
    const auto& r = st["result"];
    if (r.contains("success")) {
      EXPECT_TRUE(r["success"].is_boolean()) << where;
    }
    if (r.contains("completion")) {
      EXPECT_TRUE(r["completion"].is_boolean()) << where;
    }
    if (r.contains("score") && r["score"].contains("scaled")) {
      const double scaled = r["score"]["scaled"].get<double>();
      EXPECT_TRUE(scaled >= -1 && scaled <= 1) << where;
    }
    if (r.contains("extensions")) expectExtensions(r["extensions"], base, where + ".result.extensions");
  }
  // Context.
  ASSERT_TRUE(st.contains("context")) << where;
  const auto& c = st["context"];
  EXPECT_EQ(c.value("language", ""), "vi-VN") << where;
  if (c.contains("registration")) {
    EXPECT_TRUE(isUuid(c["registration"])) << where;
  }
  if (c.contains("contextActivities"))
    for (const auto& [kind, list] : c["contextActivities"].items()) {
      EXPECT_TRUE(kind == "parent" || kind == "grouping" || kind == "category" || kind == "other") << where << kind;
      ASSERT_TRUE(list.is_array()) << where;
      for (const auto& a : list) expectActivity(a, base, where + ".context." + kind);
    }
  expectExtensions(c["extensions"], base, where + ".context.extensions");
  // Timestamp.
  ASSERT_TRUE(st["timestamp"].is_string()) << where;
  EXPECT_TRUE(sync::parseIso8601(st["timestamp"].get<std::string>())) << where << ": " << st["timestamp"];
}

}  // namespace hocso::test
