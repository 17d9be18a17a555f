// Growing a picture question's tap regions to finger size without overlaps;
// see tap_areas.hpp.
#include "tap_areas.hpp"

#include <algorithm>

namespace hocso::ui {

namespace {

// Grows the interval [a, b] to `least` inside [lo, hi], centred if both sides
// have room, otherwise taking what the other side has.
void grow(float& a, float& b, float lo, float hi, float least) {
  const float need = least - (b - a);
  if (need <= 0) return;
  float before = std::min(need / 2, std::max(0.0f, a - lo));
  float after = std::min(need / 2, std::max(0.0f, hi - b));
  const float short_by = need - before - after;
  if (short_by > 0) {
    before += std::min(short_by, std::max(0.0f, a - lo) - before);
    after += std::min(need - before - after, std::max(0.0f, hi - b) - after);
  }
  a -= before;
  b += after;
}

bool overlap(float a0, float a1, float b0, float b1) { return a0 < b1 && b0 < a1; }

}  // namespace

std::vector<TapRect> tapAreas(const std::vector<TapRect>& regions, float width, float height, float least) {
  std::vector<TapRect> px;
  for (const auto& r : regions) px.push_back({r.x0 * width, r.y0 * height, r.x1 * width, r.y1 * height});
  std::vector<TapRect> out = px;
  // Vertically: neighbours are the regions sharing some of its columns.
  for (size_t i = 0; i < px.size(); ++i) {
    float lo = 0, hi = height;
    for (size_t j = 0; j < px.size(); ++j) {
      if (j == i || !overlap(px[i].x0, px[i].x1, px[j].x0, px[j].x1)) continue;
      if (px[j].y0 >= px[i].y1) hi = std::min(hi, (px[i].y1 + px[j].y0) / 2);
      else if (px[j].y1 <= px[i].y0) lo = std::max(lo, (px[j].y1 + px[i].y0) / 2);
    }
    grow(out[i].y0, out[i].y1, lo, hi, least);
  }
  // Horizontally: neighbours are those sharing some rows of the grown areas
  // (two areas that share no rows cannot overlap, whatever their columns).
  const std::vector<TapRect> tall = out;
  for (size_t i = 0; i < tall.size(); ++i) {
    float lo = 0, hi = width;
    for (size_t j = 0; j < tall.size(); ++j) {
      if (j == i || !overlap(tall[i].y0, tall[i].y1, tall[j].y0, tall[j].y1)) continue;
      if (tall[j].x0 >= tall[i].x1) hi = std::min(hi, (tall[i].x1 + tall[j].x0) / 2);
      else if (tall[j].x1 <= tall[i].x0) lo = std::max(lo, (tall[j].x1 + tall[i].x0) / 2);
    }
    grow(out[i].x0, out[i].x1, lo, hi, least);
  }
  return out;
}

bool tapAreasLargeEnough(const std::vector<TapRect>& areas, float least) {
  return std::all_of(areas.begin(), areas.end(), [&](const TapRect& a) {
    return a.width() + 0.5f >= least && a.height() + 0.5f >= least;
  });
}

float widthForTapAreas(const std::vector<TapRect>& regions, float fitted_width, float max_width, float aspect,
                       float least) {
  float w = std::min(fitted_width, max_width);
  while (w < max_width) {
    if (tapAreasLargeEnough(tapAreas(regions, w, w * aspect, least), least)) return w;
    w = std::min(max_width, w * 1.05f);
  }
  return max_width;
}

}  // namespace hocso::ui
