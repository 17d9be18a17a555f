// xAPI mapping of the certification exam (attempted, passed|failed,
// completed) and of erasure (voided statements pointing at what was sent),
// kept apart from xapi.hpp. Ids are deterministic like every other statement.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "assessment/records.hpp"
#include "sync/xapi.hpp"

namespace hocso::sync {

// Every statement id the kiosk may have queued for a finished attempt
// (practice or exam): its answers and its result statements, and for a
// passed exam the certification's `satisfied` (not queued for certificates
// issued before it existed: check the outbox). Used to void them.
std::vector<std::string> statementIdsForAttempt(const XapiContext& ctx, const assessment::Attempt& attempt,
                                                const std::vector<assessment::AnswerRecord>& answers,
                                                const assessment::ResultRecord& result);

// A voiding statement (verb http://adlnet.gov/expapi/verbs/voided, object a
// StatementRef to `target_statement_id`), issued by the kiosk's own agent.
nlohmann::json voidingStatement(const XapiContext& ctx, const std::string& target_statement_id,
                                const std::string& timestamp);

// What the exam statements need beyond the attempt and its result.
struct ExamFacts {
  std::string target_group;
  std::string framework, framework_version;
  std::vector<std::string> competencies;      // every competency the exam covered
  std::string certificate_id;                 // empty when failed
  int extra_minutes = 0;                      // extra time granted at the start (context extension when > 0)
};

// `attempted` (timestamp: when the exam started).
nlohmann::json examAttemptedStatement(const XapiContext& ctx, const assessment::Attempt& attempt,
                                      const ExamFacts& facts);
// `passed` or `failed` (exactly one per finished exam), then `completed`.
nlohmann::json examOutcomeStatement(const XapiContext& ctx, const assessment::Attempt& attempt,
                                    const assessment::ResultRecord& result, const ExamFacts& facts);
nlohmann::json examCompletedStatement(const XapiContext& ctx, const assessment::Attempt& attempt,
                                      const assessment::ResultRecord& result, const ExamFacts& facts);

// The certification activity a passed exam's certificate attests:
// <activity_base>certification/<framework>/<target group>/<framework version>.
std::string certificationActivityId(const XapiContext& ctx, const ExamFacts& facts);
// `satisfied` (https://w3id.org/xapi/adl/verbs/satisfied) with the
// certification as object: exactly one per issued certificate (record key
// result/<result>/satisfied), queued with the passed exam. The certificate
// id is in result.extensions and context.extensions (ext/certificate-id);
// the exam is the parent context activity. facts.certificate_id must be set.
nlohmann::json certificationSatisfiedStatement(const XapiContext& ctx, const assessment::Attempt& attempt,
                                               const assessment::ResultRecord& result, const ExamFacts& facts);

// Every statement a finished exam queues, in this order: attempted; one
// answered per answer whose question the pack still has; passed or failed;
// completed; and, when facts.certificate_id is set, satisfied.
std::vector<nlohmann::json> finishedExamStatements(const XapiContext& ctx, const content::Pack& pack,
                                                   const assessment::Attempt& attempt,
                                                   const std::vector<assessment::AnswerRecord>& answers,
                                                   const assessment::ResultRecord& result, const ExamFacts& facts);

}  // namespace hocso::sync
