// Facilitator mode, "Dashboard": the totals, and three charts drawn with
// Dear ImGui's draw list (no plotting library): learners per target group,
// exam pass rate per skill group, and the last eight weeks. Every figure is
// also written as text beside its bar, so nothing depends on colour alone.
#include <imgui.h>

#include <fmt/printf.h>
#include <algorithm>
#include <cmath>

#include "../../app/dashboard_service.hpp"
#include "../i18n.hpp"
#include "../probe.hpp"
#include "../widget_context.hpp"
#include "../theme.hpp"
#include "facilitator_mode.hpp"

namespace hocso::ui {
namespace {

ImU32 col(const ImVec4& c) { return ImGui::GetColorU32(c); }

// A text drawn at `pos` in the current font scaled by `scale`, recorded for scripts.
void label(ImDrawList* dl, ImVec2 pos, const std::string& text, ImU32 colour, float scale = 1.0f) {
  const float size = ImGui::GetFontSize() * scale;
  dl->AddText(ImGui::GetFont(), size, pos, colour, text.c_str());
  const ImVec2 sz = ImGui::GetFont()->CalcTextSizeA(size, FLT_MAX, 0.0f, text.c_str());
  widgetProbe().note(text, "", pos, ImVec2(pos.x + sz.x, pos.y + sz.y), false);
}

float textWidth(const std::string& text, float scale = 1.0f) {
  return ImGui::GetFont()->CalcTextSizeA(ImGui::GetFontSize() * scale, FLT_MAX, 0.0f, text.c_str()).x;
}

// Horizontal bars: one row per item, name on the left, bar, value text after it.
struct Bar {
  std::string name, value;
  float fraction = 0;
};

void horizontalBars(const char* id, const std::vector<Bar>& bars, float width, ImVec4 colour) {
  const float rowH = ImGui::GetFontSize() * 1.5f;
  const float nameW = std::min(width * 0.55f, [&] {
    float w = 0;
    for (const auto& b : bars) w = std::max(w, textWidth(b.name));
    return w + 12;
  }());
  float valueW = 0;
  for (const auto& b : bars) valueW = std::max(valueW, textWidth(b.value));
  const float barMax = std::max(20.0f, width - nameW - valueW - 20);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, rowH * static_cast<float>(bars.size())));
  ImGui::PushID(id);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const Palette& p = palette();
  for (size_t i = 0; i < bars.size(); ++i) {
    const float y = origin.y + rowH * static_cast<float>(i);
    const float ty = y + (rowH - ImGui::GetFontSize()) * 0.5f;
    // The name, clipped to its column.
    dl->PushClipRect(ImVec2(origin.x, y), ImVec2(origin.x + nameW - 6, y + rowH), true);
    label(dl, ImVec2(origin.x, ty), bars[i].name, col(p.text));
    dl->PopClipRect();
    const float x0 = origin.x + nameW;
    dl->AddRectFilled(ImVec2(x0, y + rowH * 0.18f), ImVec2(x0 + barMax, y + rowH * 0.82f), col(p.secondary), 4.0f);
    const float w = barMax * std::clamp(bars[i].fraction, 0.0f, 1.0f);
    if (w > 0.5f) dl->AddRectFilled(ImVec2(x0, y + rowH * 0.18f), ImVec2(x0 + w, y + rowH * 0.82f), col(colour), 4.0f);
    label(dl, ImVec2(x0 + barMax + 10, ty), bars[i].value, col(p.text));
    // One line a script (or a reader) can find: "name: value".
    widgetProbe().note(bars[i].name + ": " + bars[i].value, "", ImVec2(origin.x, y), ImVec2(origin.x + width, y + rowH), false);
  }
  ImGui::PopID();
}

// Grouped vertical bars per week, with the values on top and a legend.
void weeklyBars(const std::vector<app::WeekTrend>& weeks, float width, float height) {
  const Palette& p = palette();
  const ImVec4 colours[3] = {p.brand, p.warnBar, p.right};
  const char* names[3] = {tr("New learners"), tr("Lessons completed"), tr("Exams passed")};
  ImDrawList* dl = ImGui::GetWindowDrawList();
  // Legend.
  ImVec2 at = ImGui::GetCursorScreenPos();
  const float sw = ImGui::GetFontSize() * 0.7f;
  for (int s = 0; s < 3; ++s) {
    dl->AddRectFilled(ImVec2(at.x, at.y + 4), ImVec2(at.x + sw, at.y + 4 + sw), col(colours[s]), 2.0f);
    label(dl, ImVec2(at.x + sw + 8, at.y), names[s], col(p.text));
    at.x += sw + 8 + textWidth(names[s]) + 30;
  }
  ImGui::Dummy(ImVec2(width, ImGui::GetFontSize() * 1.3f));
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, height));
  long long top = 1;
  for (const auto& w : weeks) top = std::max({top, w.new_learners, w.lessons_completed, w.exams_passed});
  const float labelH = ImGui::GetFontSize();
  const float plotTop = origin.y + labelH + 4, plotBottom = origin.y + height - labelH * 1.4f;
  dl->AddLine(ImVec2(origin.x, plotBottom), ImVec2(origin.x + width, plotBottom), col(p.border), 1.5f);
  const float slot = width / static_cast<float>(std::max<size_t>(1, weeks.size()));
  const float barW = std::min(slot * 0.27f, 44.0f);
  for (size_t i = 0; i < weeks.size(); ++i) {
    const long long v[3] = {weeks[i].new_learners, weeks[i].lessons_completed, weeks[i].exams_passed};
    const float cx = origin.x + slot * (static_cast<float>(i) + 0.5f);
    for (int s = 0; s < 3; ++s) {
      const float x = cx + (static_cast<float>(s) - 1.5f) * barW;
      const float h = (plotBottom - plotTop) * static_cast<float>(v[s]) / static_cast<float>(top);
      if (v[s] > 0) dl->AddRectFilled(ImVec2(x + 1, plotBottom - h), ImVec2(x + barW - 1, plotBottom), col(colours[s]), 2.0f);
      if (v[s] == 0) continue;  // an empty week stays quiet; its line below says 0
      const std::string n = std::to_string(v[s]);
      dl->AddText(ImVec2(x + (barW - textWidth(n)) * 0.5f, plotBottom - h - labelH), col(p.text), n.c_str());
    }
    int y = 0, m = 0, d = 0;
    std::sscanf(weeks[i].week_start.c_str(), "%d-%d-%d", &y, &m, &d);
    std::string day = fmt::sprintf("%d/%d", d, m);
    label(dl, ImVec2(cx - textWidth(day) * 0.5f, plotBottom + 4), day, col(p.textMuted));
    std::string line = fmt::sprintf(tr("Week of %s: %lld new learners, %lld lessons completed, %lld exams passed"), day,
                  v[0], v[1], v[2]);
    widgetProbe().note(line, "", ImVec2(cx - slot * 0.5f, plotTop), ImVec2(cx + slot * 0.5f, plotBottom), false);
  }
}

// One figure in a box: the number large, what it counts below.
void tile(UiContext& ui, const char* id, const std::string& number, const char* what, float width) {
  const Palette& p = palette();
  ImGui::PushStyleColor(ImGuiCol_ChildBg, p.secondary);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(12.0f, 6.0f));
  ImGui::BeginChild(id, ImVec2(width, ImGui::GetFontSize() * 3.4f), false,
                    ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysUseWindowPadding);
  ImGui::PushFont(ui.platform.fonts.title);
  ImGui::TextUnformatted(number.c_str());
  ImGui::PopFont();
  ImGui::TextUnformatted(what);
  ui.platform.probe.note(std::string(what) + ": " + number, id, ImGui::GetWindowPos(),
               ImVec2(ImGui::GetWindowPos().x + width, ImGui::GetWindowPos().y + ImGui::GetWindowHeight()), false);
  ImGui::EndChild();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();
}

class DashboardSection final : public FacilitatorSection {
 public:
  const char* screenName() const override { return "facilitator-dashboard"; }
  void enter(UiContext& ui, FacilitatorMode&) override {
    auto d = ui.app.dashboard.dashboard(8);
    if (d) data_ = std::move(*d);
    else error_ = tr("The figures could not be read. Please tell the technician.");
  }

  Next draw(UiContext& ui, FacilitatorMode&) override {
    sectionTitle(ui, tr("Dashboard"));
    if (!error_.empty()) {
      errorText(error_.c_str());
      return {};
    }
    const float avail = ImGui::GetContentRegionAvail().x;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float tw = (avail - gap * 4) / 5;
    std::string rate = fmt::sprintf("%lld%%",
                  data_.exams_taken ? static_cast<long long>(std::lround(100.0 * static_cast<double>(data_.exams_passed) /
                                                                         static_cast<double>(data_.exams_taken)))
                                    : 0LL);
    tile(ui, "##t-learners", std::to_string(data_.learners), tr("Learners"), tw);
    ImGui::SameLine();
    tile(ui, "##t-lessons", std::to_string(data_.lessons_completed), tr("Lessons completed"), tw);
    ImGui::SameLine();
    tile(ui, "##t-exams", std::to_string(data_.exams_taken), tr("Exams taken"), tw);
    ImGui::SameLine();
    tile(ui, "##t-passed", std::to_string(data_.exams_passed), tr("Exams passed"), tw);
    ImGui::SameLine();
    tile(ui, "##t-rate", rate, tr("Pass rate"), tw);
    ImGui::Spacing();

    // One chart at a time, full width, so every label is readable without scrolling.
    if (choiceButton(tr("By target group###chart-groups"), chart_ == Chart::Groups)) chart_ = Chart::Groups;
    ImGui::SameLine();
    if (choiceButton(tr("By skill group###chart-skills"), chart_ == Chart::Skills)) chart_ = Chart::Skills;
    ImGui::SameLine();
    if (choiceButton(tr("By week###chart-weeks"), chart_ == Chart::Weeks)) chart_ = Chart::Weeks;
    if (data_.by_kiosk.size() > 1) {  // a site: what each of its kiosks did
      ImGui::SameLine();
      if (choiceButton(tr("By kiosk###chart-kiosks"), chart_ == Chart::Kiosks)) chart_ = Chart::Kiosks;
    }
    ImGui::Spacing();
    drawChart(ui, avail);
    return {};
  }

 private:
  enum class Chart { Groups, Skills, Weeks, Kiosks };

  void drawChart(UiContext& ui, float avail) {
    auto heading = [&](const char* text) {
      ImGui::PushFont(ui.platform.fonts.bold);
      ImGui::TextUnformatted(text);
      ImGui::PopFont();
      ui.platform.probe.noteLastItem(text, "", false);
      ImGui::Spacing();
    };
    if (chart_ == Chart::Groups) {
      heading(tr("Learners per target group"));
      long long most = 1;
      for (const auto& g : data_.target_groups) most = std::max(most, g.learners);
      std::vector<Bar> groups;
      for (const auto& g : data_.target_groups)
        groups.push_back({g.title, std::to_string(g.learners), static_cast<float>(g.learners) / static_cast<float>(most)});
      horizontalBars("groups", groups, avail, palette().brand);
    } else if (chart_ == Chart::Skills) {
      heading(tr("Exam pass rate per skill group"));
      std::vector<Bar> skills;
      for (const auto& sg : data_.skill_groups) {
        std::string v;
        if (sg.exams > 0)
          v = fmt::sprintf("%lld/%lld (%ld%%)", sg.passed, sg.exams, std::lround(100.0 * sg.rate()));
        else
          v = fmt::sprintf("%s", tr("no exam yet"));
        skills.push_back({sg.code + ". " + sg.title, v, static_cast<float>(sg.rate())});
      }
      horizontalBars("skills", skills, avail, palette().right);
      wrappedText(tr("Share of exams in which the learner reached the minimum for that skill group."));
    } else if (chart_ == Chart::Kiosks && data_.by_kiosk.size() > 1) {
      heading(tr("Each kiosk of the commune"));
      long long most = 1;
      for (const auto& k : data_.by_kiosk) most = std::max(most, k.learners);
      std::vector<Bar> kiosks;
      for (const auto& k : data_.by_kiosk)
        kiosks.push_back({k.kiosk.empty() ? std::string(tr("This kiosk")) : fmt::sprintf(tr("Kiosk %s"), k.kiosk.substr(0, 8)),
                          fmt::sprintf(tr("%lld learners, %lld lessons, %lld of %lld exams passed"), k.learners,
                                       k.lessons_completed, k.exams_passed, k.exams_taken),
                          static_cast<float>(k.learners) / static_cast<float>(most)});
      horizontalBars("kiosks", kiosks, avail, palette().brand);
      wrappedText(tr("What was done on each kiosk; a learner counts on the kiosk where they registered."));
    } else {
      heading(tr("The last eight weeks"));
      const float h = ImGui::GetContentRegionAvail().y - ImGui::GetFontSize() * 1.3f - ImGui::GetStyle().ItemSpacing.y * 3;
      weeklyBars(data_.weeks, avail, std::clamp(h, ImGui::GetFontSize() * 6.0f, ImGui::GetFontSize() * 12.0f));
    }
  }

  app::Dashboard data_;
  std::string error_;
  Chart chart_ = Chart::Groups;
};

}  // namespace

std::unique_ptr<FacilitatorSection> makeDashboardSection() { return std::make_unique<DashboardSection>(); }

}  // namespace hocso::ui
