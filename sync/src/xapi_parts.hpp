// Pieces shared by the xAPI statement builders (xapi.cpp, xapi_exam.cpp):
// language maps, verbs, the pseudonymous actor, the competency grouping and
// the extensions every context carries.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sync/xapi.hpp"

namespace hocso::sync::xapi_parts {

using nlohmann::json;

inline json langMap(const std::string& text) { return json{{"vi-VN", text}}; }

inline json verb(const std::string& id, const std::string& vi) { return json{{"id", id}, {"display", langMap(vi)}}; }

// Only the pseudonymous learner id: never a name or a citizen ID.
inline json actor(const XapiContext& ctx, const std::string& learner_id) {
  return json{{"objectType", "Agent"}, {"account", {{"homePage", ctx.home_page}, {"name", learner_id}}}};
}

// contextActivities.grouping: one objective activity per competency code of
// `framework` (an empty array for none).
inline json competencyGrouping(const XapiContext& ctx, const std::string& framework,
                               const std::vector<std::string>& codes) {
  json grouping = json::array();
  for (const auto& code : codes)
    grouping.push_back({{"id", ctx.activity_base + "competency/" + framework + "/" + code},
                        {"objectType", "Activity"},
                        {"definition",
                         {{"type", "http://adlnet.gov/expapi/activities/objective"},
                          {"name", langMap("Năng lực " + code)}}}});
  return grouping;
}

// The extensions of every context: the kiosk, its site and the pack
// ("id@version").
inline json kioskExtensions(const XapiContext& ctx, const std::string& pack) {
  return {
      {ctx.activity_base + "ext/kiosk-id", ctx.kiosk_id},
      {ctx.activity_base + "ext/site-id", ctx.site_id},
      {ctx.activity_base + "ext/pack", pack},
  };
}

}  // namespace hocso::sync::xapi_parts
