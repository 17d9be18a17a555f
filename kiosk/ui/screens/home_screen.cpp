// Home: one clear next step ("Học tiếp": the weakest competency's lesson, or
// an unfinished exam), progress per skill group as tiles, lesson search that
// ignores diacritics, and the way to the certification exam.
#include <fmt/printf.h>
#include <algorithm>

#include <imgui_internal.h>

#include "../../app/site_service.hpp"
#include "../i18n.hpp"
#include "../icons.hpp"
#include "../keyboard.hpp"
#include "../probe.hpp"
#include "../widget_context.hpp"
#include "../screen.hpp"
#include "../theme.hpp"
#include "content/search.hpp"

namespace hocso::ui {
namespace {

class HomeScreen final : public Screen {
 public:
  const char* name() const override { return "home"; }
  // At large text the header is one short row, so the skill tiles are
  // reached without drags.
  bool compactHeader(const UiContext& ui) const override { return ui.display.scale >= 1.5f; }
  // Home itself: the bar holds "Đăng xuất, rời máy" where Home/Back are on
  // the other screens. While searching, "Quay lại" closes the search.
  NavBar navBar(const UiContext& /*ui*/) const override { return searching_ ? NavBar::HomeBack : NavBar::SignOut; }
  Next goBack(UiContext& /*ui*/) override {
    searching_ = false;
    return {};
  }

 protected:
  Next drawContent(UiContext& ui) override {
    if (!ui.session.learner) return requireLearner(ui.session);
    if (!loaded_) load(ui);
    if (searching_) return drawSearch(ui);
    const float avail = ImGui::GetContentRegionAvail().x;
    Next next;
    // The next step, always first and largest.
    if (unfinishedExam_) {
      wrappedText(tr("You have an exam in progress."), ui.platform.fonts.bold);
      if (iconButton(tr("Continue my exam###continue-exam"), Icon::Play, avail)) next = Next::to(makeExamScreen(*unfinishedExam_));
    } else if (examElsewhere_) {
      // An exam stays on the kiosk where it started (its clock and answers
      // are there): say which one.
      std::string line = fmt::sprintf(tr("You have an exam in progress on another kiosk of the commune (kiosk %s). Please go back to that kiosk to finish it, or ask the class helper."),
                    examElsewhere_->substr(0, 8).c_str());
      wrappedText(line, ui.platform.fonts.bold);
    } else if (progress_ && progress_->next && !progress_->next->lesson_id.empty()) {
      std::string line = fmt::sprintf(tr("Learn next: %s"), progress_->next->lesson_title.c_str());
      const std::string label = std::string(line) + "###next-step";
      if (iconButton(label.c_str(), Icon::Book, avail)) next = Next::to(makeLessonScreen(progress_->next->lesson_id));
    } else if (progress_ && !progress_->next) {
      wrappedText(tr("You have practised every skill. You are ready for the certification exam."), ui.platform.fonts.bold);
    }
    if (!error_.empty()) errorText(error_.c_str());
    // The other two actions side by side (signing out is in the bar at the
    // top). From 150% text in smaller type (still >= 48 px), so the skill
    // tiles start on the first screen.
    ImGuiWindow* win = ImGui::GetCurrentWindow();
    const float scaleBefore = win->FontWindowScale;
    const bool large = ui.display.scale >= 1.5f;
    if (large) ImGui::SetWindowFontScale(scaleBefore * std::max(0.6f, 1.25f / ui.display.scale));
    const char* search = tr("Find a lesson###search");
    const char* exam = tr("Certification exam###exam");
    const float sp = ImGui::GetStyle().ItemSpacing.x;
    const float half = (ImGui::GetContentRegionAvail().x - sp) * 0.5f;
    bool oneRow = std::max(iconButtonWidth(search), iconButtonWidth(exam)) <= half;
    if (large && !oneRow) {
      // Down to the size of 100% text, to keep them on one row.
      ImGui::SetWindowFontScale(scaleBefore * std::max(0.5f, 1.0f / ui.display.scale));
      oneRow = std::max(iconButtonWidth(search), iconButtonWidth(exam)) <= half;
    }
    if (iconButton(search, Icon::Search, oneRow ? half : -1.0f, false)) {
      searching_ = true;
      query_ = input::Composer{};
    }
    if (oneRow) ImGui::SameLine();
    if (iconButton(exam, Icon::Exam, oneRow ? half : -1.0f, false)) next = Next::to(makeExamUnlockScreen());
    ImGui::SetWindowFontScale(scaleBefore);
    ImGui::Spacing();
    // "Your skills" and where the learner stands; at large text the
    // sentence alone, in the smaller type of the buttons above, stands for both.
    if (!large) wrappedText(tr("Your skills"), ui.platform.fonts.bold);
    if (progress_) {
      std::string overall;
      if (progress_->mastered == 0)
        overall = fmt::sprintf(tr("There are %d skills to learn. Start with any group below."), progress_->total);
      else
        overall = fmt::sprintf(tr("You have mastered %d of %d skills."), progress_->mastered, progress_->total);
      if (large) ImGui::SetWindowFontScale(scaleBefore * std::max(0.6f, 1.25f / ui.display.scale));
      wrappedText(overall, large ? ui.platform.fonts.bold : nullptr);
      ImGui::SetWindowFontScale(scaleBefore);
    }
    return std::move(next).then(drawTiles(ui));
  }

 private:
  void load(UiContext& ui) {
    loaded_ = true;
    const std::string& id = ui.session.learner->id;
    if (auto p = ui.app.progress.progress(id)) progress_ = std::move(*p);
    else error_ = tr("Could not read your progress. You can still choose a lesson.");
    if (auto u = ui.app.exams.unfinishedExam(id); u && *u) unfinishedExam_ = **u;
    if (!unfinishedExam_ && ui.app.ctx.site_cipher)
      if (auto e = app::examOnAnotherKiosk(ui.app.ctx, id); e && *e) examElsewhere_ = **e;
  }

  // A small drawn picture per skill group (QĐ 757 groups 0-6), in the brand
  // colour at the tile's top right: a phone, a magnifier, a speech bubble, a
  // pencil, a padlock, a light bulb, a chip. Lines and triangles only.
  static void groupIcon(ImDrawList* dl, const std::string& code, ImVec2 c, float s, ImU32 col) {
    const float r = s * 0.5f, t = std::max(2.0f, s * 0.09f);
    switch (code.empty() ? ' ' : code[0]) {
      case '0':  // a phone
        dl->AddRect(ImVec2(c.x - r * 0.55f, c.y - r), ImVec2(c.x + r * 0.55f, c.y + r), col, 0.0f, 0, t);
        dl->AddCircleFilled(ImVec2(c.x, c.y + r * 0.72f), t * 0.8f, col, 8);
        break;
      case '1':  // a magnifier
        dl->AddCircle(ImVec2(c.x - r * 0.2f, c.y - r * 0.2f), r * 0.55f, col, 20, t);
        dl->AddLine(ImVec2(c.x + r * 0.2f, c.y + r * 0.2f), ImVec2(c.x + r * 0.85f, c.y + r * 0.85f), col, t * 1.4f);
        break;
      case '2':  // a speech bubble
        dl->AddRect(ImVec2(c.x - r, c.y - r * 0.75f), ImVec2(c.x + r, c.y + r * 0.4f), col, 0.0f, 0, t);
        dl->AddTriangleFilled(ImVec2(c.x - r * 0.5f, c.y + r * 0.35f), ImVec2(c.x - r * 0.05f, c.y + r * 0.35f),
                              ImVec2(c.x - r * 0.6f, c.y + r * 0.95f), col);
        break;
      case '3': {  // a pencil
        const ImVec2 a(c.x + r * 0.75f, c.y - r * 0.75f), b(c.x - r * 0.45f, c.y + r * 0.45f);
        dl->AddLine(a, b, col, t * 2.6f);
        dl->AddTriangleFilled(ImVec2(b.x - t * 0.9f, b.y - t * 0.9f), ImVec2(b.x + t * 0.9f, b.y + t * 0.9f),
                              ImVec2(c.x - r * 0.85f, c.y + r * 0.85f), col);
        break;
      }
      case '4':  // a padlock
        dl->AddRectFilled(ImVec2(c.x - r * 0.7f, c.y - r * 0.05f), ImVec2(c.x + r * 0.7f, c.y + r * 0.9f), col);
        dl->PathArcTo(ImVec2(c.x, c.y - r * 0.05f), r * 0.45f, IM_PI, 2 * IM_PI, 12);
        dl->PathStroke(col, 0, t);
        break;
      case '5':  // a light bulb
        dl->AddCircle(ImVec2(c.x, c.y - r * 0.25f), r * 0.55f, col, 20, t);
        dl->AddRectFilled(ImVec2(c.x - r * 0.25f, c.y + r * 0.4f), ImVec2(c.x + r * 0.25f, c.y + r * 0.8f), col);
        break;
      case '6':  // a chip
        dl->AddRect(ImVec2(c.x - r * 0.55f, c.y - r * 0.55f), ImVec2(c.x + r * 0.55f, c.y + r * 0.55f), col, 0.0f, 0, t);
        for (int i = -1; i <= 1; ++i) {
          const float o = static_cast<float>(i) * r * 0.3f;
          dl->AddLine(ImVec2(c.x + o, c.y - r), ImVec2(c.x + o, c.y - r * 0.55f), col, t);
          dl->AddLine(ImVec2(c.x + o, c.y + r * 0.55f), ImVec2(c.x + o, c.y + r), col, t);
          dl->AddLine(ImVec2(c.x - r, c.y + o), ImVec2(c.x - r * 0.55f, c.y + o), col, t);
          dl->AddLine(ImVec2(c.x + r * 0.55f, c.y + o), ImVec2(c.x + r, c.y + o), col, t);
        }
        break;
      default:
        break;
    }
  }

  // One tile per skill group: its title, a bar of mastered skills, a tap to
  // open. At large text (from 150%) a compact tile: the picture left of the
  // name, the everyday line and the count in smaller type, the bar beside
  // the count, so the first tile shows whole on the first screen.
  struct TileLayout {
    bool compact;
    float fs, smallFs, boldFs;
    ImFont* font;
    ImFont* bold;
    int cols;
    float w, h, pad, icon, titleX, titleWrap, everydayWrap, gap, titleMax, countLine;
  };

  TileLayout tileLayout(UiContext& ui) const {
    const auto& groups = ui.app.learning.pack().framework.groups;
    TileLayout L{};
    const float fs = L.fs = ImGui::GetFontSize();
    L.compact = ui.display.scale >= 1.5f;
    L.smallFs = L.compact ? fs * std::max(0.6f, 1.25f / ui.display.scale) : fs;
    L.font = ImGui::GetFont();
    L.bold = ui.platform.fonts.bold;
    L.boldFs = fs;  // the bold face at the page's size
    const float avail = ImGui::GetContentRegionAvail().x;
    L.cols = std::max(1, static_cast<int>(avail / (fs * 15.0f)));
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    L.w = (avail - spacing * static_cast<float>(L.cols - 1)) / static_cast<float>(L.cols);
    L.pad = L.compact ? fs * 0.3f : fs * 0.5f;
    L.icon = L.compact ? fs * 0.9f : fs * 1.5f;  // the group's picture
    L.titleX = L.compact ? L.pad * 2 + L.icon : L.pad;  // compact: the picture left of the name
    L.titleWrap = L.compact ? L.w - L.titleX - L.pad : L.w - L.pad * 3 - L.icon;
    L.everydayWrap = L.compact ? L.w - L.pad * 2 : L.titleWrap;
    L.gap = fs * 0.15f;
    // As tall as the tallest name plus its everyday line, so a row lines up.
    float everydayMax = 0.0f, words = 0.0f;
    for (const auto& g : groups) {
      const float t = L.bold->CalcTextSizeA(L.boldFs, FLT_MAX, L.titleWrap, g.title.c_str()).y;
      const float e = g.everyday.empty() ? 0.0f : L.font->CalcTextSizeA(L.smallFs, FLT_MAX, L.everydayWrap, g.everyday.c_str()).y;
      L.titleMax = std::max(L.titleMax, t);
      everydayMax = std::max(everydayMax, e);
      words = std::max(words, t + e);
    }
    L.countLine = L.font->CalcTextSizeA(L.smallFs, FLT_MAX, 0.0f, "0").y;
    L.h = L.compact ? std::ceil(L.pad + L.titleMax + L.gap + everydayMax + L.gap + L.countLine + L.pad)
                    : std::max(fs * 4.6f, words + L.pad * 2 + fs * 2.4f);
    return L;
  }

  Next drawTiles(UiContext& ui) {
    const TileLayout L = tileLayout(ui);
    Next next;
    int col = 0;
    for (const auto& g : ui.app.learning.pack().framework.groups) {
      const bool hasLessons = std::any_of(ui.app.learning.pack().lessons.begin(), ui.app.learning.pack().lessons.end(),
                                          [&](const content::Lesson& l) { return l.group == g.code; });
      if (!hasLessons) continue;
      if (col > 0) ImGui::SameLine();
      if (drawTile(g, L)) next = Next::to(makeGroupScreen(g.code));
      col = (col + 1) % L.cols;
    }
    return next;
  }

  // One group's tile; true when tapped.
  bool drawTile(const content::SkillGroup& g, const TileLayout& L) {
    int mastered = 0, total = 0;
    if (progress_)
      for (const auto& gp : progress_->groups)
        if (gp.code == g.code) mastered = gp.mastered, total = gp.total;
    ImGui::PushID(g.code.c_str());
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::PushStyleColor(ImGuiCol_Button, palette().choice);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, palette().choiceHover);
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, palette().choiceSelected);
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 1.5f);
    const bool open = ImGui::Button("##tile", ImVec2(L.w, L.h));
    ImGui::PopStyleVar();
    ImGui::PopStyleColor(3);
    widgetProbe().noteLastItem(g.title, "group-" + g.code, true);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float titleH = L.bold->CalcTextSizeA(L.boldFs, FLT_MAX, L.titleWrap, g.title.c_str()).y;
    dl->AddText(L.bold, L.boldFs, ImVec2(pos.x + L.titleX, pos.y + L.pad), ImGui::GetColorU32(ImGuiCol_Text),
                g.title.c_str(), nullptr, L.titleWrap);
    const ImVec2 iconAt = L.compact ? ImVec2(pos.x + L.pad + L.icon * 0.5f, pos.y + L.pad + std::min(titleH, L.fs * 1.4f) * 0.5f)
                                    : ImVec2(pos.x + L.w - L.pad - L.icon * 0.5f, pos.y + L.pad + L.icon * 0.5f);
    groupIcon(dl, g.code, iconAt, L.icon, ImGui::GetColorU32(palette().brand));
    if (!g.everyday.empty()) {
      const ImVec2 at(pos.x + L.pad, pos.y + L.pad + (L.compact ? L.titleMax + L.gap : titleH + L.fs * 0.15f));
      dl->AddText(L.font, L.smallFs, at, ImGui::GetColorU32(palette().textMuted), g.everyday.c_str(), nullptr, L.everydayWrap);
      widgetProbe().note(g.everyday, "", at, ImVec2(pos.x + L.w - L.pad, at.y + L.smallFs), false);
    }
    drawTileCount(dl, pos, L, mastered, total);
    ImGui::PopID();
    return open;
  }

  // "3 of 8 skills" and the bar of mastered skills.
  static void drawTileCount(ImDrawList* dl, ImVec2 pos, const TileLayout& L, int mastered, int total) {
    const float fs = L.fs, pad = L.pad;
    std::string count = fmt::sprintf(tr("%d of %d skills"), mastered, total);
    const float share = total ? static_cast<float>(mastered) / static_cast<float>(total) : 0.0f;
    const float barH = L.compact ? L.smallFs * 0.45f : fs * 0.45f;
    float barX = pos.x + pad, barY;
    ImVec2 countAt;
    if (L.compact) {
      // The count, then the bar beside it on the tile's last line.
      countAt = ImVec2(pos.x + pad, pos.y + L.h - pad - L.countLine);
      barX = countAt.x + L.font->CalcTextSizeA(L.smallFs, FLT_MAX, 0.0f, count.c_str()).x + pad;
      barY = countAt.y + (L.countLine - barH) * 0.5f;
    } else {
      // The bar: mastered skills of this group (full width, under the picture).
      barY = pos.y + L.h - pad - fs * 0.9f;
      countAt = ImVec2(pos.x + pad, barY - fs * 1.25f);
    }
    dl->AddRectFilled(ImVec2(barX, barY), ImVec2(pos.x + L.w - pad, barY + barH), ImGui::GetColorU32(palette().border), barH * 0.45f);
    if (share > 0)
      dl->AddRectFilled(ImVec2(barX, barY), ImVec2(barX + (pos.x + L.w - pad - barX) * share, barY + barH),
                        ImGui::GetColorU32(palette().progress), barH * 0.45f);
    dl->AddText(L.font, L.smallFs, countAt, ImGui::GetColorU32(palette().textMuted), count.c_str());
    widgetProbe().note(count, "", countAt, ImVec2(barX, countAt.y + L.countLine), false);
  }

  Next drawSearch(UiContext& ui) {
    wrappedText(tr("Find a lesson"), ui.platform.fonts.title);
    wrappedText(tr("Type a few words, with or without accents, for example: chuyen tien."));
    takePhysicalTyping(query_);
    const float width = std::min(ImGui::GetContentRegionAvail().x, 640.0f * ui.display.scale);
    fieldBox("query", query_.text(), true, width);
    ImGui::SameLine();
    if (bigButton(tr("Close###close-search"), 0, false)) {
      searching_ = false;
      return {};
    }
    if (query_.text() != lastQuery_) {
      lastQuery_ = query_.text();
      hits_.clear();
      if (auto found = content::searchLessons(ui.app.learning.pack(), lastQuery_, 6)) hits_ = *found;
    }
    if (!lastQuery_.empty() && hits_.empty()) wrappedText(tr("No lesson found. Try other words."));
    Next next;
    for (const auto& hit : hits_) {
      const std::string label = hit.title + "###hit-" + hit.lesson_id;
      if (bigButton(label.c_str(), -1.0f, false)) next = Next::to(makeLessonScreen(hit.lesson_id));
    }
    ImGui::Spacing();
    letterKeyboard(query_, shift_);
    return next;
  }

  bool loaded_ = false;
  std::optional<app::LearnerProgress> progress_;
  std::optional<std::string> unfinishedExam_;
  std::optional<std::string> examElsewhere_;  // the kiosk id where it is under way
  std::string error_;
  bool searching_ = false;
  input::Composer query_;
  std::string lastQuery_;
  std::vector<content::SearchHit> hits_;
  bool shift_ = false;
};

// The lessons of one skill group, in course order, with their competencies.
class GroupScreen final : public Screen {
 public:
  explicit GroupScreen(std::string group) : Screen(NavBar::HomeBack), group_(std::move(group)) {}
  const char* name() const override { return "group"; }

 protected:
  Next drawContent(UiContext& ui) override {
    const auto& pack = ui.app.learning.pack();
    const content::SkillGroup* g = pack.framework.findGroup(group_);
    wrappedText(g ? g->title : group_, ui.platform.fonts.title);
    // "Về trang chủ" and "Quay lại" are in the bar at the top.
    ImGui::BeginChild("##lessons", ImVec2(0, 0), false);
    Next next;
    for (const auto& lesson : pack.lessons) {
      if (lesson.group != group_) continue;
      std::string minutes = fmt::sprintf(tr("about %d minutes"), std::max(1, lesson.minutes));
      const std::string label = lesson.title + "  ·  " + minutes + "###" + lesson.id;
      if (bigButton(label.c_str(), -1.0f, false)) {
        ui.session.lesson_id = lesson.id;
        next = Next::to(makeLessonScreen(lesson.id));
      }
    }
    moreBelowCue();
    ImGui::EndChild();
    return next;
  }

 private:
  std::string group_;
};

}  // namespace

std::unique_ptr<Screen> makeHomeScreen() { return std::make_unique<HomeScreen>(); }
std::unique_ptr<Screen> makeGroupScreen(std::string group) { return std::make_unique<GroupScreen>(std::move(group)); }

}  // namespace hocso::ui
