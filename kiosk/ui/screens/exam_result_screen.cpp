// The exam result: passed or not in one sentence, the score against the
// thresholds, a bar per skill group (drawn with ImGui primitives, with the
// group minimum marked), and for a pass the certificate: its QR code and a
// printable PDF saved to the kiosk (and a USB stick when one is plugged in).
#include <fmt/printf.h>
#include <algorithm>
#include <cmath>

#include "../i18n.hpp"
#include "../probe.hpp"
#include "../widget_context.hpp"
#include "../screen.hpp"
#include "../theme.hpp"

namespace hocso::ui {
namespace {

class ExamResultScreen final : public Screen {
 public:
  explicit ExamResultScreen(app::ExamOutcome outcome) : Screen(NavBar::Home), outcome_(std::move(outcome)) {}
  const char* name() const override { return "exam-result"; }

 protected:
  Next drawContent(UiContext& ui) override {
    const auto& v = outcome_.verdict;
    const auto& bp = outcome_.blueprint;
    if (!qrLoaded_) {
      qrLoaded_ = true;
      if (outcome_.certificate_id)
        if (auto qr = ui.app.certificates.qr(*outcome_.certificate_id)) qr_ = *qr;
    }
    wrappedText(v.passed ? tr("Congratulations! You passed the exam.") : tr("You did not pass this time."), ui.platform.fonts.title);
    std::string line;
    if (bp.group_min_questions > 1)
      line = fmt::sprintf(tr("Your score: %d%%. Needed: %d%% overall and %d%% in each skill group of %d questions or more."),
                    static_cast<int>(std::lround(v.percent())), bp.pass_percent, bp.group_min_percent,
                    bp.group_min_questions);
    else
      line = fmt::sprintf(tr("Your score: %d%%. Needed: %d%% overall and %d%% in each skill group."),
                    static_cast<int>(std::lround(v.percent())), bp.pass_percent, bp.group_min_percent);
    wrappedText(line, ui.platform.fonts.bold);
    if (!v.passed)
      wrappedText(tr("Look at the groups with a short bar, practise those lessons, and ask the class helper for another try."));

    const bool showQr = qr_.has_value();
    const float avail = ImGui::GetContentRegionAvail().x;
    const float qrSide = showQr ? std::min(avail * 0.3f, ImGui::GetContentRegionAvail().y * 0.55f) : 0.0f;
    ImGui::BeginGroup();
    drawChart(ui, showQr ? avail - qrSide - ImGui::GetFontSize() * 2 : avail);
    ImGui::EndGroup();
    if (showQr) {
      ImGui::SameLine();
      ImGui::BeginGroup();
      drawQr(qrSide);
      wrappedText(tr("Certificate code"));
      ImGui::EndGroup();
    }
    ImGui::Spacing();
    if (!message_.empty()) wrappedText(message_, ui.platform.fonts.bold);
    const float w = columnWidth(3);
    if (outcome_.certificate_id) {
      if (bigButton(tr("Save the certificate (PDF)###save-pdf"), w)) savePdf(ui);
      ImGui::SameLine();
    }
    Next next;
    if (bigButton(tr("Back to my skills###home"), w, false)) next = Next::to(makeHomeScreen());
    ImGui::SameLine();
    if (bigButton(tr("Finish for today###signout"), w, false)) next = Next::signOut();
    return next;
  }

 private:
  // One row per skill group: title, a bar of the score, the minimum as a line.
  void drawChart(UiContext& ui, float width) {
    const auto& groups = ui.app.learning.pack().framework.groups;
    const float fs = ImGui::GetFontSize();
    const float labelW = width * 0.45f;
    const float barW = width - labelW - fs * 4;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (const auto& [code, score] : outcome_.verdict.groups) {
      std::string title = code;
      for (const auto& g : groups)
        if (g.code == code) title = g.title;
      const ImVec2 pos = ImGui::GetCursorScreenPos();
      const float rowH = fs * 1.5f;
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + labelW);
      ImGui::TextUnformatted(title.c_str());
      ImGui::PopTextWrapPos();
      ui.platform.probe.noteLastItem(title, "", false);
      const float textH = ImGui::GetItemRectSize().y;
      const float y = pos.y + std::max(0.0f, (textH - rowH) * 0.5f);
      const float x0 = pos.x + labelW + fs * 0.5f;
      const float pct = static_cast<float>(score.percent());
      // The minimum (and its line) only where it applies (groups with enough questions).
      const bool applies = assessment::minimumApplies(outcome_.blueprint, score);
      const bool below = applies && pct < static_cast<float>(outcome_.blueprint.group_min_percent);
      dl->AddRectFilled(ImVec2(x0, y), ImVec2(x0 + barW, y + rowH), ImGui::GetColorU32(palette().choice), fs * 0.2f);
      if (pct > 0.5f)
        dl->AddRectFilled(ImVec2(x0, y), ImVec2(x0 + std::max(fs * 0.4f, barW * pct / 100.0f), y + rowH),
                          ImGui::GetColorU32(below ? palette().wrong : palette().right), fs * 0.2f);
      const float mx = x0 + barW * static_cast<float>(outcome_.blueprint.group_min_percent) / 100.0f;
      if (applies)
        dl->AddLine(ImVec2(mx, y - fs * 0.2f), ImVec2(mx, y + rowH + fs * 0.2f), ImGui::GetColorU32(palette().text), 3.0f);
      std::string pctText = fmt::sprintf("%d%%", static_cast<int>(std::lround(pct)));
      dl->AddText(ImVec2(x0 + barW + fs * 0.4f, y + (rowH - fs) * 0.5f), ImGui::GetColorU32(palette().text), pctText.c_str());
      ui.platform.probe.note(title + " " + pctText, "", ImVec2(x0, y), ImVec2(x0 + barW, y + rowH), false);
      ImGui::SetCursorScreenPos(ImVec2(pos.x, std::max(pos.y + textH, y + rowH) + fs * 0.35f));
    }
    ImGui::Dummy(ImVec2(width, 1));
    ImGui::TextDisabled("%s", outcome_.blueprint.group_min_questions > 1
                                  ? tr("The black line shows the minimum needed in the groups that have one.")
                                  : tr("The black line shows the minimum needed in each group."));
  }

  void drawQr(float side) {
    const int n = qr_->width + 8;  // 4 modules of quiet zone each side
    const float m = std::floor(side / static_cast<float>(n));
    const float full = m * static_cast<float>(n);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(pos, ImVec2(pos.x + full, pos.y + full), IM_COL32(255, 255, 255, 255));
    auto at = [&](int k) { return static_cast<float>(k + 4) * m; };
    for (int y = 0; y < qr_->width; ++y)
      for (int x = 0; x < qr_->width; ++x)
        if (qr_->at(x, y))
          dl->AddRectFilled(ImVec2(pos.x + at(x), pos.y + at(y)), ImVec2(pos.x + at(x + 1), pos.y + at(y + 1)), IM_COL32(0, 0, 0, 255));
    ImGui::Dummy(ImVec2(full, full));
    widgetProbe().noteLastItem("QR", "certificate-qr", false);
  }

  void savePdf(UiContext& ui) {
    const auto dir = ui.app.ctx.data_dir / "certificates";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    const auto file = dir / (*outcome_.certificate_id + ".pdf");
    if (auto ok = ui.app.certificates.writePdf(*outcome_.certificate_id, file); !ok) {
      message_ = tr("The certificate could not be saved. Please tell the class helper.");
      return;
    }
    message_ = tr("The certificate is saved on this computer. The class helper can print it or copy it to a USB stick.");
  }

  app::ExamOutcome outcome_;
  bool qrLoaded_ = false;
  std::optional<app::QrMatrix> qr_;
  std::string message_;
};

}  // namespace

std::unique_ptr<Screen> makeExamResultScreen(app::ExamOutcome outcome) {
  return std::make_unique<ExamResultScreen>(std::move(outcome));
}

}  // namespace hocso::ui
