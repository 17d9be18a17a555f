// The kiosk's own Vietnamese text writes "xóa", "hủy", "khóa", "mã hóa" the
// way phones show them (not "xoá", "huỷ", "khoá"), so a learner sees the
// same word on the kiosk as on their phone's buttons.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace hocso {
namespace {

TEST(KioskSpelling, ButtonWordsAreSpeltTheWayPhonesShowThem) {
  const std::filesystem::path src(HOCSO_TEST_SOURCE_DIR);
  const char* files[] = {"assets/i18n/vi.po", "assets/i18n/vi-facilitator.po", "kiosk/app/learner_service.cpp",
                         "kiosk/infra/certificate_print.cpp", "sync/src/xapi_exam.cpp"};
  const char* old[] = {"xoá", "Xoá", "huỷ", "Huỷ", "khoá", "Khoá", "mã hoá"};
  for (const char* f : files) {
    std::ifstream in(src / f);
    ASSERT_TRUE(in) << f;
    std::stringstream text;
    text << in.rdbuf();
    std::istringstream lines(text.str());
    std::string line;
    for (int n = 1; std::getline(lines, line); ++n)
      for (const char* w : old) EXPECT_EQ(line.find(w), std::string::npos) << f << ":" << n << ": " << w;
  }
}

}  // namespace
}  // namespace hocso
