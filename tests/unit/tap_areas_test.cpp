// Picture questions' tap areas: every region of every picture question in the
// citizen pack gets a hit area of at least 48 × 48 px at the size the exam
// screen draws it, inside the picture, holding its region, never overlapping.
#include <gtest/gtest.h>

#include <filesystem>

#include "content/loader.hpp"
#include "tap_areas.hpp"

namespace hocso::ui {
namespace {

std::vector<TapRect> regionsOf(const content::Question& q) {
  std::vector<TapRect> out;
  for (const auto& t : q.targets)
    out.push_back({static_cast<float>(t.x), static_cast<float>(t.y), static_cast<float>(t.x + t.w),
                   static_cast<float>(t.y + t.h)});
  return out;
}

void expectSound(const std::vector<TapRect>& regions, const std::vector<TapRect>& areas, float w, float h,
                 const std::string& what) {
  ASSERT_EQ(areas.size(), regions.size());
  for (size_t i = 0; i < areas.size(); ++i) {
    const auto& a = areas[i];
    EXPECT_GE(a.x0, -0.01f) << what;
    EXPECT_GE(a.y0, -0.01f) << what;
    EXPECT_LE(a.x1, w + 0.01f) << what;
    EXPECT_LE(a.y1, h + 0.01f) << what;
    EXPECT_LE(a.x0, regions[i].x0 * w + 0.01f) << what << " region " << i;
    EXPECT_GE(a.x1, regions[i].x1 * w - 0.01f) << what << " region " << i;
    EXPECT_LE(a.y0, regions[i].y0 * h + 0.01f) << what << " region " << i;
    EXPECT_GE(a.y1, regions[i].y1 * h - 0.01f) << what << " region " << i;
    for (size_t j = i + 1; j < areas.size(); ++j) {
      const bool overlap = a.x0 < areas[j].x1 - 0.01f && areas[j].x0 < a.x1 - 0.01f && a.y0 < areas[j].y1 - 0.01f &&
                           areas[j].y0 < a.y1 - 0.01f;
      EXPECT_FALSE(overlap) << what << ": areas " << i << " and " << j << " overlap";
    }
  }
}

TEST(TapAreas, EveryCitizenPictureRegionIsFingerSizedAtTheExamsPictureSize) {
  auto pack = content::loadPackSources(std::filesystem::path(HOCSO_TEST_SOURCE_DIR) / "content/packs/citizen");
  ASSERT_TRUE(pack) << pack.error().message;
  int pictures = 0;
  for (const auto& q : pack->questions) {
    if (q.type != content::QuestionType::Scenario || q.image.empty()) continue;
    ++pictures;
    const auto regions = regionsOf(q);
    // The exam screen at 1366×768 fits a 480×860 picture into about 300 px
    // of height (167 px wide); the page is 1300 px wide at most.
    const float aspect = 860.0f / 480.0f, fitted = 300.0f / aspect;
    const float w = widthForTapAreas(regions, fitted, 1300.0f, aspect, 48.0f);
    const auto areas = tapAreas(regions, w, w * aspect, 48.0f);
    EXPECT_TRUE(tapAreasLargeEnough(areas, 48.0f)) << q.id << " at width " << w;
    expectSound(regions, areas, w, w * aspect, q.id);
    // Growing the areas (not the picture) does most of the work: no picture
    // is drawn more than twice the fitted size.
    EXPECT_LE(w, fitted * 2.0f) << q.id;
  }
  EXPECT_GE(pictures, 9);
}

TEST(TapAreas, AdjacentSmallRegionsSplitTheGapAndGrowIntoFreeSpace) {
  // Two thin rows touching at y = 0.5 in a 200 × 200 picture (10 px each):
  // neither may cross the shared edge, so each grows away from it.
  const std::vector<TapRect> regions = {{0.1f, 0.45f, 0.9f, 0.5f}, {0.1f, 0.5f, 0.9f, 0.55f}};
  const auto areas = tapAreas(regions, 200, 200, 48);
  expectSound(regions, areas, 200, 200, "rows");
  EXPECT_TRUE(tapAreasLargeEnough(areas, 48));
  EXPECT_FLOAT_EQ(areas[0].y1, 100.0f);
  EXPECT_FLOAT_EQ(areas[1].y0, 100.0f);
  // A small icon in a corner grows inwards, staying in the picture.
  const auto corner = tapAreas({{0.0f, 0.0f, 0.05f, 0.05f}}, 200, 200, 48);
  EXPECT_FLOAT_EQ(corner[0].x0, 0.0f);
  EXPECT_FLOAT_EQ(corner[0].x1, 48.0f);
  EXPECT_FLOAT_EQ(corner[0].y1, 48.0f);
  // With no room at all (a picture smaller than a finger) the area is the
  // whole picture and is reported too small.
  const auto tiny = tapAreas({{0.2f, 0.2f, 0.8f, 0.8f}}, 40, 40, 48);
  EXPECT_FALSE(tapAreasLargeEnough(tiny, 48));
  EXPECT_FLOAT_EQ(tiny[0].width(), 40.0f);
}

}  // namespace
}  // namespace hocso::ui
