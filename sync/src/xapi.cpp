// xAPI statement builders. Only the pseudonymous learner id leaves the kiosk
// here: no name, no citizen ID.
#include "sync/xapi.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>

#include "assessment/grading.hpp"
#include "base/ids.hpp"
#include "sync/retry.hpp"
#include "xapi_parts.hpp"

namespace hocso::sync {

using nlohmann::json;
using namespace xapi_parts;  // langMap, verb, actor, competencyGrouping, kioskExtensions

namespace {

std::string activity(const XapiContext& ctx, const std::string& path) { return ctx.activity_base + path; }

json context(const XapiContext& ctx, const assessment::Attempt& attempt, const std::vector<std::string>& competencies,
             const std::string& parent_id) {
  json c;
  c["registration"] = attempt.id;
  c["language"] = "vi-VN";
  json ca = json::object();
  if (!parent_id.empty()) ca["parent"] = json::array({{{"id", parent_id}, {"objectType", "Activity"}}});
  const json grouping = xapi_parts::competencyGrouping(ctx, ctx.framework, competencies);
  if (!grouping.empty()) ca["grouping"] = grouping;
  if (!ca.empty()) c["contextActivities"] = ca;
  c["extensions"] = xapi_parts::kioskExtensions(ctx, attempt.pack_id + "@" + attempt.pack_version);
  return c;
}

// The context of a lesson statement: no registration (not an attempt).
json lessonContext(const XapiContext& ctx, const content::Lesson& lesson) {
  json c = {{"language", "vi-VN"}};
  const json grouping = xapi_parts::competencyGrouping(ctx, ctx.framework, lesson.competencies);
  if (!grouping.empty()) c["contextActivities"] = {{"grouping", grouping}};
  c["extensions"] = xapi_parts::kioskExtensions(ctx, ctx.pack_id + "@" + ctx.pack_version);
  return c;
}

json lessonObject(const XapiContext& ctx, const content::Lesson& lesson) {
  return {{"objectType", "Activity"},
          {"id", activity(ctx, "lesson/" + ctx.pack_id + "/" + lesson.id)},
          {"definition",
           {{"type", "http://adlnet.gov/expapi/activities/lesson"},
            {"name", langMap(lesson.title.empty() ? lesson.id : lesson.title)}}}};
}

std::string interactionType(content::QuestionType t) {
  switch (t) {
    case content::QuestionType::TrueFalse: return "true-false";
    case content::QuestionType::Ordering: return "sequencing";
    case content::QuestionType::Matching: return "matching";
    case content::QuestionType::Scenario: return "other";
    default: return "choice";
  }
}

// The learner's response in xAPI's interaction response format.
std::string xapiResponse(const content::Question& q, const assessment::Response& r) {
  std::string out;
  auto sep = [&] {
    if (!out.empty()) out += "[,]";
  };
  switch (q.type) {
    case content::QuestionType::TrueFalse:
      return r.size() == 1 && r[0] == 1 ? "true" : "false";
    case content::QuestionType::Matching:
      for (size_t i = 0; i < r.size(); ++i) {
        if (r[i] < 0) continue;  // a left item left without a pair (a part answer)
        sep();
        out += "l" + std::to_string(i) + "[.]r" + std::to_string(r[i]);
      }
      return out;
    default:
      for (int v : r) {
        sep();
        out += (q.type == content::QuestionType::Ordering ? "i" : "o") + std::to_string(v);
      }
      return out;
  }
}

}  // namespace

std::string isoDuration(long long ms) {
  if (ms < 0) ms = 0;
  char buf[48];
  std::snprintf(buf, sizeof buf, "PT%lld.%02lldS", ms / 1000, (ms % 1000) / 10);
  return buf;
}

std::string kioskTimestampExtension(const std::string& activity_base) {
  return activity_base + "ext/kiosk-timestamp";
}

std::string clockOffsetExtension(const std::string& activity_base) { return activity_base + "ext/clock-offset-ms"; }

json withCorrectedTimestamp(json statement, long long offset_ms, const std::string& activity_base) {
  if (offset_ms == 0 || !statement.is_object() || !statement.contains("timestamp") ||
      !statement["timestamp"].is_string())
    return statement;
  const std::string original = statement["timestamp"].get<std::string>();
  auto t = parseIso8601(original);
  if (!t) return statement;
  statement["timestamp"] = formatIso8601(*t + std::chrono::milliseconds(offset_ms));
  json& context = statement["context"];
  if (!context.is_object()) context = json::object();
  json& ext = context["extensions"];
  if (!ext.is_object()) ext = json::object();
  ext[kioskTimestampExtension(activity_base)] = original;
  ext[clockOffsetExtension(activity_base)] = offset_ms;
  return statement;
}

bool sameStatement(const json& sent, const json& stored) {
  if (sent.is_object()) {
    if (!stored.is_object()) return false;
    for (const auto& [key, value] : sent.items()) {
      auto it = stored.find(key);
      if (it == stored.end()) return false;
      if (key == "timestamp" && value.is_string() && it->is_string()) {
        auto a = parseIso8601(value.get<std::string>());
        auto b = parseIso8601(it->get<std::string>());
        if (!a || !b || *a != *b) return false;
        continue;
      }
      if (!sameStatement(value, *it)) return false;
    }
    return true;
  }
  if (sent.is_array()) {
    if (!stored.is_array() || stored.size() != sent.size()) return false;
    for (size_t i = 0; i < sent.size(); ++i)
      if (!sameStatement(sent[i], stored[i])) return false;
    return true;
  }
  if (sent.is_number() && stored.is_number()) return std::abs(sent.get<double>() - stored.get<double>()) < 1e-9;
  return sent == stored;
}

std::string statementId(const XapiContext& ctx, const std::string& record_key) {
  return uuid5(kHocsoNamespace, ctx.kiosk_id + "/" + record_key);
}

json answeredStatement(const XapiContext& ctx, const assessment::Attempt& attempt, const content::Question& q,
                       const assessment::AnswerRecord& a) {
  json definition = {{"type", "http://adlnet.gov/expapi/activities/cmi.interaction"},
                     {"name", langMap(q.id)},
                     {"description", langMap(q.prompt)},
                     {"interactionType", interactionType(q.type)}};
  if (q.type == content::QuestionType::Single || q.type == content::QuestionType::Multiple) {
    json choices = json::array();
    for (size_t i = 0; i < q.options.size(); ++i)
      choices.push_back({{"id", "o" + std::to_string(i)}, {"description", langMap(q.options[i].text)}});
    definition["choices"] = choices;
  }
  const std::string lessonActivity = attempt.lesson_id.empty() ? "" : activity(ctx, "lesson/" + attempt.pack_id + "/" + attempt.lesson_id);
  json s = {
      {"id", statementId(ctx, "answer/" + a.attempt_id + "/" + a.question_id)},
      {"actor", actor(ctx, attempt.learner_id)},
      {"verb", verb("http://adlnet.gov/expapi/verbs/answered", "đã trả lời")},
      {"object",
       {{"objectType", "Activity"}, {"id", activity(ctx, "question/" + attempt.pack_id + "/" + q.id)}, {"definition", definition}}},
      {"result",
       {{"success", a.correct},
        {"score", {{"scaled", a.score}, {"raw", a.score}, {"min", 0}, {"max", 1}}},
        {"response", xapiResponse(q, assessment::responseFromJson(a.response))}}},
      {"context", context(ctx, attempt, q.competencies, lessonActivity)},
      {"timestamp", a.answered_at},
  };
  return s;
}

json quizCompletedStatement(const XapiContext& ctx, const assessment::Attempt& attempt, const content::Lesson* lesson,
                            const assessment::ResultRecord& r) {
  const std::string title = lesson ? lesson->title : attempt.lesson_id;
  json s = {
      {"id", statementId(ctx, "result/" + r.id + "/completed")},
      {"actor", actor(ctx, attempt.learner_id)},
      {"verb", verb("http://adlnet.gov/expapi/verbs/completed", "đã hoàn thành")},
      {"object",
       {{"objectType", "Activity"},
        {"id", activity(ctx, "quiz/" + attempt.pack_id + "/" + attempt.lesson_id)},
        {"definition",
         {{"type", "http://adlnet.gov/expapi/activities/assessment"}, {"name", langMap("Luyện tập: " + title)}}}}},
      {"result",
       {{"success", r.passed},
        {"completion", true},
        {"score", {{"scaled", r.scaled}, {"raw", r.score}, {"min", 0}, {"max", r.max_score}}},
        {"duration", isoDuration(r.duration_ms)}}},
      {"context", context(ctx, attempt, lesson ? lesson->competencies : std::vector<std::string>{}, "")},
      {"timestamp", r.completed_at},
  };
  return s;
}

std::string lessonExperiencedId(const XapiContext& ctx, const std::string& learner_id, const std::string& lesson_id,
                                const std::string& day) {
  return statementId(ctx, "lesson/" + ctx.pack_id + "/" + lesson_id + "/" + learner_id + "/" + day + "/experienced");
}

std::string lessonCompletedId(const XapiContext& ctx, const std::string& learner_id, const std::string& lesson_id) {
  return statementId(ctx, "lesson/" + ctx.pack_id + "/" + lesson_id + "/" + learner_id + "/completed");
}

json lessonExperiencedStatement(const XapiContext& ctx, const std::string& learner_id, const content::Lesson& lesson,
                                const std::string& day, const std::string& timestamp) {
  return {{"id", lessonExperiencedId(ctx, learner_id, lesson.id, day)},
          {"actor", actor(ctx, learner_id)},
          {"verb", verb("http://adlnet.gov/expapi/verbs/experienced", "đã xem")},
          {"object", lessonObject(ctx, lesson)},
          {"context", lessonContext(ctx, lesson)},
          {"timestamp", timestamp}};
}

json lessonCompletedStatement(const XapiContext& ctx, const std::string& learner_id, const content::Lesson& lesson,
                              const std::string& timestamp) {
  return {{"id", lessonCompletedId(ctx, learner_id, lesson.id)},
          {"actor", actor(ctx, learner_id)},
          {"verb", verb("http://adlnet.gov/expapi/verbs/completed", "đã hoàn thành")},
          {"object", lessonObject(ctx, lesson)},
          {"result", {{"completion", true}}},
          {"context", lessonContext(ctx, lesson)},
          {"timestamp", timestamp}};
}

}  // namespace hocso::sync
