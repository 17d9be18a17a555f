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

// Grows each area along one axis ([lo0, lo1] of its members, up to `size`)
// half-way to its neighbours there: the areas in `from` that share some of
// the other axis ([across0, across1]) with it.
using Edge = float TapRect::*;
void growAlong(std::vector<TapRect>& out, const std::vector<TapRect>& from, Edge lo0, Edge lo1, Edge across0,
               Edge across1, float size, float least) {
  for (size_t i = 0; i < from.size(); ++i) {
    float lo = 0, hi = size;
    const TapRect& a = from[i];
    for (size_t j = 0; j < from.size(); ++j) {
      const TapRect& b = from[j];
      if (j == i || !overlap(a.*across0, a.*across1, b.*across0, b.*across1)) continue;
      if (b.*lo0 >= a.*lo1) hi = std::min(hi, (a.*lo1 + b.*lo0) / 2);
      else if (b.*lo1 <= a.*lo0) lo = std::max(lo, (b.*lo1 + a.*lo0) / 2);
    }
    grow(out[i].*lo0, out[i].*lo1, lo, hi, least);
  }
}

}  // namespace

std::vector<TapRect> tapAreas(const std::vector<TapRect>& regions, float width, float height, float least) {
  std::vector<TapRect> px;
  for (const auto& r : regions) px.push_back({r.x0 * width, r.y0 * height, r.x1 * width, r.y1 * height});
  std::vector<TapRect> out = px;
  // Vertically: neighbours are the regions sharing some of its columns.
  growAlong(out, px, &TapRect::y0, &TapRect::y1, &TapRect::x0, &TapRect::x1, height, least);
  // Horizontally: neighbours are those sharing some rows of the grown areas
  // (two areas that share no rows cannot overlap, whatever their columns).
  const std::vector<TapRect> tall = out;
  growAlong(out, tall, &TapRect::x0, &TapRect::x1, &TapRect::y0, &TapRect::y1, width, least);
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
