// Test helpers for the exam: a kiosk with the full citizen pack (read from
// its sources) and right/wrong responses for every question type.
#pragma once

#include "assessment/grading.hpp"
#include "test_support.hpp"

namespace hocso::test {

inline std::unique_ptr<app::KioskContext> openCitizenKiosk(const std::filesystem::path& dir) {
  Config config;
  config.pack = (std::filesystem::path(HOCSO_TEST_SOURCE_DIR) / "content" / "packs" / "citizen").string();
  config.kiosk_id = "kiosk-test-1";
  config.site_id = "xa-tien-minh";
  auto ctx = app::openKiosk(config, dir);
  if (!ctx) ADD_FAILURE() << ctx.error().message;
  return ctx ? std::move(*ctx) : nullptr;
}

// One citizen kiosk shared by the tests of a suite (opening it builds the
// pack from its sources, which is slow): derive from it and use ctx.
class SharedCitizenKioskTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir = new TempDir;
    ctx = openCitizenKiosk(dir->path()).release();
  }
  static void TearDownTestSuite() {
    delete ctx;
    ctx = nullptr;
    delete dir;
    dir = nullptr;
  }
  static inline TempDir* dir = nullptr;
  static inline app::KioskContext* ctx = nullptr;
};

inline assessment::Response rightResponse(const content::Question& q) {
  using content::QuestionType;
  assessment::Response r;
  switch (q.type) {
    case QuestionType::Single:
    case QuestionType::Multiple:
      for (size_t i = 0; i < q.options.size(); ++i)
        if (q.options[i].correct) r.push_back(static_cast<int>(i));
      break;
    case QuestionType::Scenario:
      for (size_t i = 0; i < q.targets.size(); ++i)
        if (q.targets[i].correct) {
          r.push_back(static_cast<int>(i));
          break;
        }
      break;
    case QuestionType::TrueFalse:
      r.push_back(q.answer ? 1 : 0);
      break;
    case QuestionType::Ordering:
      for (size_t i = 0; i < q.items.size(); ++i) r.push_back(static_cast<int>(i));
      break;
    case QuestionType::Matching:
      for (size_t i = 0; i < q.pairs.size(); ++i) r.push_back(static_cast<int>(i));
      break;
  }
  return r;
}

// A response that scores 0 for every type.
inline assessment::Response wrongResponse(const content::Question&) { return {}; }

}  // namespace hocso::test
