// Tap areas for the regions of a picture question: each region's hit area is
// grown to at least a finger's size where the picture has room, never into
// another region's share. Pure geometry (no ImGui), unit-tested.
#pragma once

#include <vector>

namespace hocso::ui {

struct TapRect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;   // pixels, x0 <= x1, y0 <= y1
  float width() const { return x1 - x0; }
  float height() const { return y1 - y0; }
};

// `regions` in 0..1 picture coordinates (x, y, w, h as in the pack) and the
// picture's drawn size in pixels. Each hit area is the region grown, centred
// where there is room, to `least` px in width and in height; it stays inside
// the picture and stops at the midline between it and any region beside it
// (first vertically, then horizontally), so two hit areas never overlap.
std::vector<TapRect> tapAreas(const std::vector<TapRect>& regions, float width, float height, float least);

// Whether every hit area is at least `least` px in both directions.
bool tapAreasLargeEnough(const std::vector<TapRect>& areas, float least);

// The smallest picture width in [fitted_width, max_width] (the height follows
// the picture's aspect ratio) at which every hit area is large enough, tried
// in 5% steps; max_width if none is.
float widthForTapAreas(const std::vector<TapRect>& regions, float fitted_width, float max_width, float aspect_h_over_w,
                       float least);

}  // namespace hocso::ui
