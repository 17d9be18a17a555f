// The frame every screen shares and the few widgets they all use: large
// buttons (≥ 48 px), wrapped text, messages.
#include <imgui.h>

#include <fmt/printf.h>
#include <algorithm>
#include <cmath>

#include "i18n.hpp"
#include "icons.hpp"
#include "probe.hpp"
#include "widget_context.hpp"
#include "theme.hpp"
#include "screen.hpp"

namespace hocso::ui {

void UiContext::signOut() {
  stopReading();
  session.clearSignIn();
  display.requestDefaults();
}

void UiContext::toggleReading(const std::string& id, const std::string& text) {
  if (!platform.reader) return;
  if (session.reading_id == id && platform.reader->speaking()) {
    stopReading();
    return;
  }
  session.reading_id = id;
  platform.reader->speak(text, platform.voice, app.ctx.pack.lexicon);  // the running pack's lexicon
}

void UiContext::stopReading() {
  if (platform.reader) platform.reader->stop();
  session.reading_id.clear();
}

float readAloudWidth() {
  // The wider of its two labels, so the button does not jump when it flips.
  return std::max(iconButtonWidth(tr("Stop reading")), iconButtonWidth(tr("Read aloud")));
}

std::vector<std::vector<int>> flowRows(const std::vector<float>& widths, float avail, float spacing) {
  std::vector<std::vector<int>> rows;
  float x = 0.0f;
  for (int i = 0; i < static_cast<int>(widths.size()); ++i) {
    const float w = widths[static_cast<size_t>(i)];
    if (rows.empty() || x + spacing + w > avail) {
      rows.push_back({i});
      x = w;
    } else {
      rows.back().push_back(i);
      x += spacing + w;
    }
  }
  return rows;
}

void readAloudButton(UiContext& ui, const char* id, const std::string& text) {
  if (!ui.platform.reader) return;
  const bool speaking = ui.session.reading_id == id && ui.platform.reader->speaking();
  const std::string label = std::string(speaking ? tr("Stop reading") : tr("Read aloud")) + "###" + id;
  // A small speaker drawn left of the words.
  if (iconButton(label.c_str(), Icon::Speaker, readAloudWidth(), false)) {
    ui.session.asked_to_read = id;
    ui.toggleReading(id, text);
  }
}

void meterBar(float fraction, const char* overlay, float height) {
  if (height <= 0.0f) height = ImGui::GetFontSize() * 1.4f;
  ImGui::PushStyleColor(ImGuiCol_PlotHistogram, palette().progress);
  ImGui::ProgressBar(std::clamp(fraction, 0.0f, 1.0f), ImVec2(-1.0f, height), overlay);
  ImGui::PopStyleColor();
  if (overlay && *overlay) widgetProbe().noteLastItem(overlay, "", false);
}

namespace {

// The width the display controls take (drawDisplayControls).
float displayControlsWidth() {
  const float w = std::max(kTouchTarget, ImGui::GetFontSize() * 1.6f);
  const float labelW = ImGui::CalcTextSize(tr("Text size")).x;
  const float contrastW = ImGui::CalcTextSize(tr("Contrast")).x + ImGui::GetStyle().FramePadding.x * 2;
  const float sp = ImGui::GetStyle().ItemSpacing.x;
  return labelW + sp + w * 2 + contrastW + sp * 3;
}

void rowText(const char* text, float top, float h, ImFont* font, ImU32 colour);

// Text size and contrast, on every screen, top right: large targets, as
// tall as the header's row that starts at `top`.
void drawDisplayControls(UiContext& ui, float top, float h) {
  const float w = std::max(kTouchTarget, ImGui::GetFontSize() * 1.6f);
  const char* sizeLabel = tr("Text size");
  const float contrastW = ImGui::CalcTextSize(tr("Contrast")).x + ImGui::GetStyle().FramePadding.x * 2;
  const float total = displayControlsWidth();
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - total);
  // "Cỡ chữ  [-] [+]": the words say what the two buttons change.
  rowText(sizeLabel, top, h, nullptr, ImGui::GetColorU32(palette().text));
  ImGui::SameLine();
  ImGui::SetCursorPosY(top);
  ImGui::PushStyleColor(ImGuiCol_Button, palette().secondary);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, palette().secondaryHover);
  ImGui::PushStyleColor(ImGuiCol_Text, palette().secondaryText);
  // The words are drawn in the middle of each button (in the compact row
  // the frame padding would push them down).
  auto button = [](const char* text, const char* id, float bw, float bh) {
    const bool pressed = ImGui::Button(id, ImVec2(bw, bh));
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax(), ts = ImGui::CalcTextSize(text);
    ImGui::GetWindowDrawList()->AddText(ImVec2(std::round((a.x + b.x - ts.x) * 0.5f), std::round((a.y + b.y - ts.y) * 0.5f)),
                                        ImGui::GetColorU32(ImGuiCol_Text), text);
    return pressed;
  };
  ImGui::BeginDisabled(ui.display.scale <= 1.0f);
  if (button("-", "###smaller", w, h)) ui.display.requested_scale = std::max(1.0f, ui.display.scale - 0.25f);
  ImGui::EndDisabled();
  ui.platform.probe.noteLastItem(tr("Smaller text"), "smaller", true);
  ImGui::SameLine();
  ImGui::BeginDisabled(ui.display.scale >= 2.0f);
  if (button("+", "###bigger", w, h)) ui.display.requested_scale = std::min(2.0f, ui.display.scale + 0.25f);
  ImGui::EndDisabled();
  ui.platform.probe.noteLastItem(tr("Bigger text"), "bigger", true);
  ImGui::SameLine();
  if (button(tr("Contrast"), "###contrast", contrastW, h)) ui.display.requested_contrast_toggle = true;
  ui.platform.probe.noteLastItem(tr("Contrast"), "contrast", true);
  ImGui::PopStyleColor(3);
}

// A notice over the middle of the screen on the warning colour: `share` of
// the screen's width, at most `ems` font sizes. endNotice() closes it.
void beginNotice(const char* id, float share, float ems) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(vp->WorkSize.x * share, ImGui::GetFontSize() * ems), 0));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, palette().warnBg);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 3.0f);
  ImGui::Begin(id, nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
}

void endNotice() {
  ImGui::End();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();
}

// After a long pause a signed-in learner is asked if they are still there,
// then signed out so nothing personal stays on screen.
void drawIdleWarning(UiContext& ui) {
  if (ui.session.idle_warning_seconds <= 0) return;
  beginNotice("##idle", 0.8f, 28.0f);
  wrappedText(tr("Are you still there?"), ui.platform.fonts.title);
  std::string line = fmt::sprintf(tr("To protect your information, this screen will close in %d seconds."),
                ui.session.idle_warning_seconds);
  wrappedText(line);
  if (bigButton(tr("I am still here###still_here"), -1.0f)) ui.session.idle_warning_seconds = 0;
  endNotice();
}

// The "Đọc to" button the learner pressed could not be heard (no audio
// device, no voice): said in words instead of silence, until they tap OK or
// leave the screen. (A picture's name read on tap is only a help: its
// silence is not announced.) The technician finds the reason in the log and in the
// facilitator's settings.
void drawReadAloudTrouble(UiContext& ui) {
  if (!ui.platform.reader || ui.session.reading_id.empty() || ui.session.reading_id != ui.session.asked_to_read ||
      ui.platform.reader->lastOutcome() != tts::ReadAloud::Outcome::NotHeard)
    return;
  beginNotice("##no-sound", 0.85f, 30.0f);
  wrappedText(tr("This computer cannot read aloud right now"), ui.platform.fonts.title);
  wrappedText(tr("No sound comes out: the speakers or headphones are missing or not plugged in. Please ask the class helper. You can go on reading on the screen."));
  if (bigButton(tr("OK###audio-ok"), -1.0f)) ui.stopReading();
  endNotice();
}

}  // namespace

Next Screen::drawContentAtChromeScale(UiContext& ui) {
  ImGui::SetWindowFontScale(chromeScale(ui));
  Next next = drawContent(ui);
  ImGui::SetWindowFontScale(1.0f);  // however drawContent returned
  return next;
}

Next requireLearner(const UiSession& session) { return session.learner ? Next() : Next::to(makeWelcomeScreen()); }

Next Screen::goBack(UiContext& /*ui*/) { return Next::home(); }

namespace {

// Text centred on a row of height `h` that starts at `top` (window
// coordinates). Drawn straight, with a Dummy for the layout: ImGui would
// otherwise push text on a line of buttons down by their frame padding.
void rowText(const char* text, float top, float h, ImFont* font, ImU32 colour) {
  if (font) ImGui::PushFont(font);
  const ImVec2 size = ImGui::CalcTextSize(text);
  ImGui::SetCursorPosY(top);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddText(ImVec2(at.x, std::round(at.y + (h - size.y) * 0.5f)), colour, text);
  ImGui::Dummy(ImVec2(size.x, h));
  if (font) ImGui::PopFont();
}

}  // namespace

void Screen::headerText(const char* text, const char* id, bool bold, const ImVec4* colour) {
  rowText(text, headerTop_, headerHeight_, bold ? boldFont() : nullptr, ImGui::GetColorU32(colour ? *colour : palette().text));
  widgetProbe().noteLastItem(text, id, false);
}

// The navigation bar's labels as the catalog has them now.
struct NavLabels {
  std::string home = tr("Home###nav-home");
  std::string back = tr("Back###nav-back");
  std::string out = tr("Sign out###signout");
};

namespace {

float navBarWidth(NavBar nav, const NavLabels& l) {
  const float sp = ImGui::GetStyle().ItemSpacing.x;
  switch (nav) {
    case NavBar::HomeBack: return iconButtonWidth(l.home.c_str()) + iconButtonWidth(l.back.c_str()) + sp * 2;
    case NavBar::Home: return iconButtonWidth(l.home.c_str()) + sp;
    case NavBar::SignOut: return iconButtonWidth(l.out.c_str()) + sp;
    case NavBar::None: break;
  }
  return 0.0f;
}

}  // namespace

// The header's row: the navigation bar (NavBar) at the left, then the app
// name and the learner's name where they fit, what the screen adds
// (headerItems), and the display controls at the right. Every button on it
// is as tall as the row (>= 48 px). Compact: in smaller type, one short row.
Next Screen::drawHeader(UiContext& ui, bool compact) {
  const NavBar nav = ui.session.learner || (navBar(ui) != NavBar::SignOut) ? navBar(ui) : NavBar::None;
  const NavLabels labels;
  // The bar and the display controls share one row: at large text, when
  // they do not fit in the page's type, the row takes smaller type.
  const bool small = compact || (ui.display.scale > 1.0f && navBarWidth(nav, labels) + displayControlsWidth() >
                                                        ImGui::GetContentRegionAvail().x);
  if (small) ImGui::SetWindowFontScale(std::max(0.5f, 1.0f / ui.display.scale));
  headerHeight_ = std::max(kTouchTarget, ImGui::GetFontSize() * 1.6f);
  headerTop_ = ImGui::GetCursorPosY();
  HeaderRow row;
  Next next = drawNavButtons(ui, nav, labels, row);
  row.room = ImGui::GetContentRegionAvail().x - row.used - displayControlsWidth() - ImGui::GetStyle().ItemSpacing.x;
  const bool nameBelow = drawHeaderNames(ui, nav, compact, small, row);
  if (!row.any) {
    ImGui::SetCursorPosY(headerTop_);
    ImGui::Dummy(ImVec2(0.0f, 0.0f));
  }
  headerItems(ui);
  drawDisplayControls(ui, headerTop_, headerHeight_);
  if (small) ImGui::SetWindowFontScale(1.0f);
  if (nameBelow) {
    ImGui::TextUnformatted(ui.session.learner->full_name.c_str());
    ui.platform.probe.noteLastItem(ui.session.learner->full_name, "learner", false);
  }
  if (!compact) {
    rule();
    ImGui::Spacing();
  }
  return next;
}

Next Screen::drawNavButtons(UiContext& ui, NavBar nav, const NavLabels& labels, HeaderRow& row) {
  auto button = [&](const std::string& label, Icon icon) {
    if (row.any) ImGui::SameLine();
    row.any = true;
    ImGui::SetCursorPosY(headerTop_);
    const bool pressed = iconButton(label.c_str(), icon, 0.0f, false, headerHeight_);
    row.used += iconButtonWidth(label.c_str()) + ImGui::GetStyle().ItemSpacing.x;
    return pressed;
  };
  Next next;
  switch (nav) {
    case NavBar::HomeBack:
      if (button(labels.home, Icon::Home)) next = Next::home();
      if (button(labels.back, Icon::Back)) {
        ui.stopReading();
        next = goBack(ui);
      }
      break;
    case NavBar::Home:
      if (button(labels.home, Icon::Home)) next = Next::home();
      break;
    case NavBar::SignOut:
      if (button(labels.out, Icon::SignOut)) next = Next::signOut();
      break;
    case NavBar::None: break;
  }
  return next;
}

// The app name and the learner's name where the bar leaves room for them.
// Returns true when the learner's name goes on a line of its own under the row.
bool Screen::drawHeaderNames(UiContext& ui, NavBar nav, bool compact, bool small, HeaderRow& row) {
  const float sp = ImGui::GetStyle().ItemSpacing.x;
  // The app name where the bar leaves room for it (never in the compact row).
  const char* appName = tr("HocSo — digital skills");
  ImGui::PushFont(boldFont());
  const float appW = ImGui::CalcTextSize(appName).x;
  ImGui::PopFont();
  // The learner's name comes first: the app name only where both fit.
  const float nameW = ui.session.learner ? ImGui::CalcTextSize(("·  " + ui.session.learner->full_name).c_str()).x + sp : 0.0f;
  if (!compact && appW + sp + nameW <= row.room) {
    if (row.any) ImGui::SameLine();
    row.any = true;
    headerText(appName, "", true, &palette().brand);
    row.room -= appW + sp;
  }
  // The learner's name beside it when it fits; else, at normal text, on a
  // line of its own under the row (at large text it is left out).
  if (!ui.session.learner) return false;
  const std::string& name = ui.session.learner->full_name;
  const std::string who = nav == NavBar::None && !row.any ? name : "·  " + name;
  const float w = ImGui::CalcTextSize(who.c_str()).x;
  if (w + sp > row.room) return !small;  // a row in small type means large text: the room is the page's
  if (row.any) ImGui::SameLine();
  row.any = true;
  ImGui::SetCursorPosY(headerTop_);
  headerText(who.c_str());
  ui.platform.probe.noteLastItem(name, "learner", false);
  row.room -= w + sp;
  return false;
}

Next Screen::draw(UiContext& ui) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->WorkPos);
  ImGui::SetNextWindowSize(vp->WorkSize);
  ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                           ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::Begin("##screen", nullptr, flags);
  // Screens whose content needs the room at large text (a question and its
  // answers) take a header of one short row in smaller type (controls still >= 48 px).
  Next next = drawHeader(ui, compactHeader(ui));
  ImGui::BeginChild("##content", ImVec2(0, 0), false, ImGuiWindowFlags_NoSavedSettings);
  next = std::move(next).then(drawContentAtChromeScale(ui));
  moreBelowCue();
  ImGui::EndChild();
  ImGui::End();
  drawReadAloudTrouble(ui);
  drawIdleWarning(ui);
  return next;
}

// The band's words: at large text a little smaller than the page's, so the
// band does not take the room the page needs.
float moreBelowTextSize() {
  const float fs = ImGui::GetFontSize();
  return fs > 40.0f ? std::max(40.0f, fs * 0.7f) : fs;
}

float moreBelowHeight() { return moreBelowTextSize() * 1.5f; }

void moreBelowCue() {
  if (ImGui::GetScrollMaxY() <= 0.5f || ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1.0f) return;
  // A band across the bottom of the visible part of this scrolling window.
  const Palette& p = palette();
  const char* label = tr("More below: slide up with your finger");
  const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
  const float fs = moreBelowTextSize();
  const ImVec2 text = ImGui::GetFont()->CalcTextSizeA(fs, FLT_MAX, 0.0f, label);
  const ImVec2 min(pos.x, pos.y + size.y - moreBelowHeight()), max(pos.x + size.x, pos.y + size.y);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(min, max, false);
  dl->AddRectFilled(min, max, ImGui::GetColorU32(p.tipBg));
  dl->AddRectFilled(min, ImVec2(max.x, min.y + 3.0f), ImGui::GetColorU32(p.tipBar));
  const float s = fs * 0.45f;
  const float x = min.x + std::max(s * 4, (size.x - text.x) * 0.5f), cy = (min.y + max.y) * 0.5f;
  const ImU32 ink = ImGui::GetColorU32(p.text);
  dl->AddTriangleFilled(ImVec2(x - s * 3.2f, cy - s * 0.6f), ImVec2(x - s * 1.2f, cy - s * 0.6f),
                        ImVec2(x - s * 2.2f, cy + s * 0.8f), ink);
  dl->AddText(ImGui::GetFont(), fs, ImVec2(x, cy - text.y * 0.5f), ink, label);
  dl->PopClipRect();
  widgetProbe().note(label, "more-below", min, max, false);
}

float columnWidth(int columns) {
  const float n = static_cast<float>(std::max(columns, 1));
  return (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x * (n - 1.0f)) / n;
}

float buttonHeight() {
  // Generous padding at normal sizes; less of it as the text grows, so 200%
  // text still leaves room for the page (never under 48 px).
  const float fs = ImGui::GetFontSize();
  const float factor = std::clamp(2.2f - 0.5f * (fs / kBaseFontSize - 1.0f), 1.7f, 2.2f);
  return std::max(kTouchTarget, fs * factor);
}

bool bigButton(const char* label, float width, bool primary) {
  const float h = buttonHeight();
  if (!primary) {
    ImGui::PushStyleColor(ImGuiCol_Button, palette().secondary);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, palette().secondaryHover);
    ImGui::PushStyleColor(ImGuiCol_Text, palette().secondaryText);
  } else {
    ImGui::PushStyleColor(ImGuiCol_Text, palette().primaryText);
  }
  const bool pressed = ImGui::Button(label, ImVec2(width, h));
  ImGui::PopStyleColor(primary ? 1 : 3);
  auto [text, id] = splitLabel(label);
  widgetProbe().noteLastItem(text, id, true);
  return pressed;
}

namespace {

float checkBoxSide() { return std::round(ImGui::GetFontSize() * 1.1f); }
float checkBoxGap() { return ImGui::GetStyle().ItemInnerSpacing.x + ImGui::GetFontSize() * 0.4f; }

}  // namespace

float checkButtonWidth(const char* label) {
  return ImGui::GetStyle().FramePadding.x * 2 + checkBoxSide() + checkBoxGap() +
         ImGui::CalcTextSize(label, nullptr, true).x;
}

bool checkButton(const char* label, bool checked, float width) {
  auto [text, id] = splitLabel(label);
  const Palette& pal = palette();
  const float w = width > 0 ? width : width < 0 ? ImGui::GetContentRegionAvail().x : checkButtonWidth(label);
  ImGui::PushStyleColor(ImGuiCol_Button, pal.secondary);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, pal.secondaryHover);
  if (checked) {
    ImGui::PushStyleColor(ImGuiCol_Border, pal.selectedBorder);
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 3.0f);
  }
  // The button's own label is empty: the box and the words are drawn on it.
  const bool pressed = ImGui::Button(("###" + id).c_str(), ImVec2(w, buttonHeight()));
  if (checked) {
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
  }
  ImGui::PopStyleColor(2);
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  const float side = checkBoxSide();
  const float pad = ImGui::GetStyle().FramePadding.x;
  const ImVec2 box(std::round(a.x + pad), std::round((a.y + b.y - side) * 0.5f));
  const ImU32 ink = ImGui::GetColorU32(pal.secondaryText);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(a, b, true);
  dl->AddRectFilled(box, ImVec2(box.x + side, box.y + side), ImGui::GetColorU32(pal.background));
  dl->AddRect(box, ImVec2(box.x + side, box.y + side), ink, 0.0f, 0, std::max(2.0f, side * 0.08f));
  if (checked) {
    const ImVec2 tick[] = {ImVec2(box.x + side * 0.2f, box.y + side * 0.52f), ImVec2(box.x + side * 0.42f, box.y + side * 0.74f),
                           ImVec2(box.x + side * 0.8f, box.y + side * 0.26f)};
    dl->AddPolyline(tick, 3, ImGui::GetColorU32(pal.right), 0, std::max(3.0f, side * 0.14f));
  }
  const float textY = (a.y + b.y - ImGui::GetTextLineHeight()) * 0.5f;
  dl->AddText(ImVec2(box.x + side + checkBoxGap(), std::round(textY)), ink, text.c_str());
  dl->PopClipRect();
  widgetProbe().noteLastItem(text, id, true);
  return pressed;
}

void extraTimeChoice(int& minutes) {
  wrappedText(tr("Extra time for this learner (disability, older age):"));
  static const int kChoices[] = {0, 10, 20, 30};
  std::vector<std::string> labels;
  std::vector<float> widths;
  for (int m : kChoices) {
    std::string label;
    if (m == 0) label = fmt::sprintf("%s###extra-0", tr("No extra time"));
    else label = fmt::sprintf(tr("+%d minutes###extra-%d"), m, m);
    labels.push_back(label);
    widths.push_back(ImGui::CalcTextSize(label.c_str(), nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2);
  }
  // As many on a row as fit (at 200% text they wrap rather than leave the screen).
  for (const auto& row : flowRows(widths, ImGui::GetContentRegionAvail().x, ImGui::GetStyle().ItemSpacing.x)) {
    for (size_t k = 0; k < row.size(); ++k) {
      const size_t i = static_cast<size_t>(row[k]);
      if (k > 0) ImGui::SameLine();
      if (bigButton(labels[i].c_str(), 0.0f, minutes == kChoices[i])) minutes = kChoices[i];
    }
  }
}

void rule() {
  // Whole pixels: a line at a fractional y is two triangles the software
  // renderer may round to different rows (a visible step in the middle).
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float w = ImGui::GetContentRegionAvail().x;
  const float t = std::max(1.0f, std::round(ImGui::GetFontSize() / kBaseFontSize));
  const float y = std::round(p.y + ImGui::GetStyle().ItemSpacing.y * 0.25f);
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(std::round(p.x), y), ImVec2(std::round(p.x + w), y + t),
                                            ImGui::GetColorU32(ImGuiCol_Separator));
  ImGui::Dummy(ImVec2(w, t + ImGui::GetStyle().ItemSpacing.y * 0.25f));
}

int buttonGrid(const char* const* labels, int count) {
  const ImGuiStyle& st = ImGui::GetStyle();
  const float avail = ImGui::GetContentRegionAvail().x;
  float widest = 0.0f;
  for (int i = 0; i < count; ++i)
    widest = std::max(widest, ImGui::CalcTextSize(labels[i], nullptr, true).x + st.FramePadding.x * 2);
  int cols = count;
  while (cols > 1 && (avail - st.ItemSpacing.x * static_cast<float>(cols - 1)) / static_cast<float>(cols) < widest) --cols;
  const float w = (avail - st.ItemSpacing.x * static_cast<float>(cols - 1)) / static_cast<float>(cols);
  int pressed = -1;
  for (int i = 0; i < count; ++i) {
    if (i % cols != 0) ImGui::SameLine();
    if (bigButton(labels[i], w, false)) pressed = i;
  }
  return pressed;
}

void wrappedText(const std::string& text, ImFont* font) {
  if (font) ImGui::PushFont(font);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.c_str());
  widgetProbe().noteLastItem(text, "", false);
  ImGui::PopTextWrapPos();
  if (font) ImGui::PopFont();
}

void centeredText(const char* text, ImFont* font) {
  if (font) ImGui::PushFont(font);
  const float w = ImGui::CalcTextSize(text).x;
  const float avail = ImGui::GetContentRegionAvail().x;
  if (w < avail) {
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (avail - w) * 0.5f);
    ImGui::TextUnformatted(text);
    widgetProbe().noteLastItem(text, "", false);
  } else {
    // Wider than the page (large text, a narrow window): wrapped, never cut.
    wrappedText(text);
  }
  if (font) ImGui::PopFont();
}

void errorText(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, palette().error);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text);
  widgetProbe().noteLastItem(text, "", false);
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

}  // namespace hocso::ui
