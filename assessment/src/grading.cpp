// Grading rules; see the header for the response encoding.
#include "assessment/grading.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

namespace hocso::assessment {

Grade grade(const content::Question& q, const Response& r) {
  using content::QuestionType;
  auto full = [](bool ok) { return Grade{ok ? 1.0 : 0.0, ok}; };
  switch (q.type) {
    case QuestionType::Single:
      return full(r.size() == 1 && r[0] >= 0 && r[0] < static_cast<int>(q.options.size()) &&
                  q.options[static_cast<size_t>(r[0])].correct);
    case QuestionType::TrueFalse:
      return full(r.size() == 1 && (r[0] == 1) == q.answer && (r[0] == 0 || r[0] == 1));
    case QuestionType::Scenario:
      return full(r.size() == 1 && r[0] >= 0 && r[0] < static_cast<int>(q.targets.size()) &&
                  q.targets[static_cast<size_t>(r[0])].correct);
    case QuestionType::Multiple: {
      std::set<int> chosen(r.begin(), r.end());
      int correctTotal = 0, right = 0, wrong = 0;
      for (size_t i = 0; i < q.options.size(); ++i) {
        const bool picked = chosen.count(static_cast<int>(i)) > 0;
        if (q.options[i].correct) {
          ++correctTotal;
          right += picked;
        } else {
          wrong += picked;
        }
      }
      for (int c : chosen)
        if (c < 0 || c >= static_cast<int>(q.options.size())) ++wrong;
      if (correctTotal == 0) return {};
      const double s = std::max(0.0, static_cast<double>(right - wrong) / correctTotal);
      return {s, right == correctTotal && wrong == 0};
    }
    case QuestionType::Ordering: {
      if (r.size() != q.items.size() || q.items.empty()) return {};
      int ok = 0;
      for (size_t i = 0; i < r.size(); ++i) ok += (r[i] == static_cast<int>(i));
      return {static_cast<double>(ok) / static_cast<double>(r.size()), ok == static_cast<int>(r.size())};
    }
    case QuestionType::Matching: {
      if (r.size() != q.pairs.size() || q.pairs.empty()) return {};
      int ok = 0;
      for (size_t i = 0; i < r.size(); ++i) ok += (r[i] == static_cast<int>(i));
      return {static_cast<double>(ok) / static_cast<double>(r.size()), ok == static_cast<int>(r.size())};
    }
  }
  return {};
}

std::string responseToJson(const Response& r) { return nlohmann::json(r).dump(); }

Response responseFromJson(const std::string& json) {
  auto j = nlohmann::json::parse(json, nullptr, false);
  Response r;
  if (!j.is_array()) return r;
  for (const auto& v : j)
    if (v.is_number_integer()) r.push_back(v.get<int>());
  return r;
}

}  // namespace hocso::assessment
