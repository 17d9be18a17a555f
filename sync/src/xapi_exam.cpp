// xAPI statements of the certification exam and of erasure (voiding). Only
// the pseudonymous learner id appears; never a name or a citizen ID.
#include "sync/xapi_exam.hpp"

#include "xapi_parts.hpp"

namespace hocso::sync {

using nlohmann::json;
using namespace xapi_parts;  // langMap, verb, actor, competencyGrouping, kioskExtensions

namespace {

std::string examActivity(const XapiContext& ctx, const ExamFacts& f) {
  return ctx.activity_base + "exam/" + (f.framework.empty() ? ctx.framework : f.framework) + "/" + f.target_group;
}

json examObject(const XapiContext& ctx, const ExamFacts& f) {
  return {{"objectType", "Activity"},
          {"id", examActivity(ctx, f)},
          {"definition",
           {{"type", "http://adlnet.gov/expapi/activities/assessment"},
            {"name", langMap("Bài kiểm tra kỹ năng số cơ bản (" + f.target_group + ")")}}}};
}

json examContext(const XapiContext& ctx, const assessment::Attempt& attempt, const ExamFacts& f) {
  const std::string fw = f.framework.empty() ? ctx.framework : f.framework;
  const json grouping = xapi_parts::competencyGrouping(ctx, fw, f.competencies);
  json c = {{"registration", attempt.id}, {"language", "vi-VN"}};
  if (!grouping.empty()) c["contextActivities"] = {{"grouping", grouping}};
  c["extensions"] = xapi_parts::kioskExtensions(ctx, attempt.pack_id + "@" + attempt.pack_version);
  c["extensions"][ctx.activity_base + "ext/target-group"] = f.target_group;
  c["extensions"][ctx.activity_base + "ext/framework"] = fw + "@" + f.framework_version;
  if (!f.certificate_id.empty()) c["extensions"][ctx.activity_base + "ext/certificate-id"] = f.certificate_id;
  if (f.extra_minutes > 0) c["extensions"][ctx.activity_base + "ext/extra-time-minutes"] = f.extra_minutes;
  return c;
}

json examResult(const assessment::ResultRecord& r, bool with_success) {
  json res = {{"score", {{"scaled", r.scaled}, {"raw", r.score}, {"min", 0}, {"max", r.max_score}}},
              {"duration", isoDuration(r.duration_ms)}};
  if (with_success) res["success"] = r.passed;
  return res;
}

}  // namespace

std::vector<std::string> statementIdsForAttempt(const XapiContext& ctx, const assessment::Attempt& attempt,
                                                const std::vector<assessment::AnswerRecord>& answers,
                                                const assessment::ResultRecord& result) {
  std::vector<std::string> ids;
  for (const auto& a : answers) ids.push_back(statementId(ctx, "answer/" + a.attempt_id + "/" + a.question_id));
  if (attempt.kind == assessment::AttemptKind::Exam) {
    ids.push_back(statementId(ctx, "exam/" + attempt.id + "/attempted"));
    ids.push_back(statementId(ctx, "result/" + result.id + (result.passed ? "/passed" : "/failed")));
    if (result.passed) ids.push_back(statementId(ctx, "result/" + result.id + "/satisfied"));
  }
  ids.push_back(statementId(ctx, "result/" + result.id + "/completed"));
  return ids;
}

json voidingStatement(const XapiContext& ctx, const std::string& target, const std::string& timestamp) {
  return {{"id", statementId(ctx, "void/" + target)},
          {"actor",
           {{"objectType", "Agent"}, {"account", {{"homePage", ctx.home_page}, {"name", "kiosk/" + ctx.kiosk_id}}}}},
          {"verb", verb("http://adlnet.gov/expapi/verbs/voided", "đã hủy")},
          {"object", {{"objectType", "StatementRef"}, {"id", target}}},
          {"timestamp", timestamp}};
}

json examAttemptedStatement(const XapiContext& ctx, const assessment::Attempt& attempt, const ExamFacts& f) {
  return {{"id", statementId(ctx, "exam/" + attempt.id + "/attempted")},
          {"actor", actor(ctx, attempt.learner_id)},
          {"verb", verb("http://adlnet.gov/expapi/verbs/attempted", "đã bắt đầu làm")},
          {"object", examObject(ctx, f)},
          {"context", examContext(ctx, attempt, f)},
          {"timestamp", attempt.started_at}};
}

json examOutcomeStatement(const XapiContext& ctx, const assessment::Attempt& attempt,
                          const assessment::ResultRecord& r, const ExamFacts& f) {
  const bool passed = r.passed;
  return {{"id", statementId(ctx, "result/" + r.id + (passed ? "/passed" : "/failed"))},
          {"actor", actor(ctx, attempt.learner_id)},
          {"verb", passed ? verb("http://adlnet.gov/expapi/verbs/passed", "đã đạt")
                          : verb("http://adlnet.gov/expapi/verbs/failed", "chưa đạt")},
          {"object", examObject(ctx, f)},
          {"result", examResult(r, true)},
          {"context", examContext(ctx, attempt, f)},
          {"timestamp", r.completed_at}};
}

json examCompletedStatement(const XapiContext& ctx, const assessment::Attempt& attempt,
                            const assessment::ResultRecord& r, const ExamFacts& f) {
  json res = examResult(r, true);
  res["completion"] = true;
  return {{"id", statementId(ctx, "result/" + r.id + "/completed")},
          {"actor", actor(ctx, attempt.learner_id)},
          {"verb", verb("http://adlnet.gov/expapi/verbs/completed", "đã hoàn thành")},
          {"object", examObject(ctx, f)},
          {"result", res},
          {"context", examContext(ctx, attempt, f)},
          {"timestamp", r.completed_at}};
}

std::string certificationActivityId(const XapiContext& ctx, const ExamFacts& f) {
  return ctx.activity_base + "certification/" + (f.framework.empty() ? ctx.framework : f.framework) + "/" +
         f.target_group + "/" + f.framework_version;
}

json certificationSatisfiedStatement(const XapiContext& ctx, const assessment::Attempt& attempt,
                                     const assessment::ResultRecord& r, const ExamFacts& f) {
  const std::string fw = f.framework.empty() ? ctx.framework : f.framework;
  json res = examResult(r, true);
  res["completion"] = true;
  res["extensions"] = {{ctx.activity_base + "ext/certificate-id", f.certificate_id}};
  json c = examContext(ctx, attempt, f);
  c["contextActivities"]["parent"] = json::array({{{"id", examActivity(ctx, f)}, {"objectType", "Activity"}}});
  return {{"id", statementId(ctx, "result/" + r.id + "/satisfied")},
          {"actor", actor(ctx, attempt.learner_id)},
          {"verb", verb("https://w3id.org/xapi/adl/verbs/satisfied", "đã đạt yêu cầu")},
          {"object",
           {{"objectType", "Activity"},
            {"id", certificationActivityId(ctx, f)},
            {"definition",
             {{"type", "http://adlnet.gov/expapi/activities/objective"},
              {"name", langMap("Chứng nhận kỹ năng số cơ bản (" + f.target_group + ")")},
              {"description", langMap("Đạt bài kiểm tra kỹ năng số cơ bản theo khung " + fw + " phiên bản " +
                                      f.framework_version + " và được cấp giấy chứng nhận")}}}}},
          {"result", res},
          {"context", c},
          {"timestamp", r.completed_at}};
}

std::vector<json> finishedExamStatements(const XapiContext& ctx, const content::Pack& pack,
                                         const assessment::Attempt& attempt,
                                         const std::vector<assessment::AnswerRecord>& answers,
                                         const assessment::ResultRecord& result, const ExamFacts& facts) {
  std::vector<json> out{examAttemptedStatement(ctx, attempt, facts)};
  for (const auto& a : answers)
    if (const content::Question* q = pack.findQuestion(a.question_id)) out.push_back(answeredStatement(ctx, attempt, *q, a));
  out.push_back(examOutcomeStatement(ctx, attempt, result, facts));
  out.push_back(examCompletedStatement(ctx, attempt, result, facts));
  if (!facts.certificate_id.empty()) out.push_back(certificationSatisfiedStatement(ctx, attempt, result, facts));
  return out;
}

}  // namespace hocso::sync
