// Small helpers over the content model.
#include "content/model.hpp"

#include <algorithm>

namespace hocso::content {

namespace {
constexpr std::pair<QuestionType, const char*> kTypeNames[] = {
    {QuestionType::Single, "single"},       {QuestionType::Multiple, "multiple"},
    {QuestionType::TrueFalse, "true_false"}, {QuestionType::Ordering, "ordering"},
    {QuestionType::Matching, "matching"},   {QuestionType::Scenario, "scenario"},
};
}

const char* toString(QuestionType t) {
  for (const auto& [type, name] : kTypeNames)
    if (type == t) return name;
  return "single";
}

std::optional<QuestionType> questionTypeFromString(const std::string& s) {
  for (const auto& [type, name] : kTypeNames)
    if (s == name) return type;
  return std::nullopt;
}

std::string Question::group() const {
  if (competencies.empty()) return "";
  const std::string& c = competencies.front();
  return c.substr(0, c.find('.'));
}

bool Question::servesTargetGroup(const std::string& target_group) const {
  return target_groups.empty() ||
         std::find(target_groups.begin(), target_groups.end(), target_group) != target_groups.end();
}

const Lesson* Pack::findLesson(const std::string& id) const {
  for (const auto& l : lessons)
    if (l.id == id) return &l;
  return nullptr;
}

const Question* Pack::findQuestion(const std::string& id) const {
  for (const auto& q : questions)
    if (q.id == id) return &q;
  return nullptr;
}

std::vector<const Question*> Pack::questionsForLesson(const std::string& lesson_id) const {
  std::vector<const Question*> out;
  for (const auto& q : questions)
    if (q.lesson == lesson_id && q.inPractice()) out.push_back(&q);
  return out;
}

}  // namespace hocso::content
