// Report files: CSV from assessment::Report::toCsv, PDF drawn with libharu
// as simple ruled tables (the certificate's approach to fonts and UTF-8).
#include "report_export.hpp"

#include <SQLiteCpp/Transaction.h>
#include <hpdf.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>

#include "base/database.hpp"
#include "base/files.hpp"
#include "base/time.hpp"
#include "pdf_document.hpp"
#include "usb_media.hpp"

namespace hocso::app {
namespace fs = std::filesystem;

namespace {

std::string dmy(const std::string& ymd) {
  int y = 0, m = 0, d = 0;
  if (std::sscanf(ymd.c_str(), "%d-%d-%d", &y, &m, &d) != 3) return ymd;
  return std::to_string(d) + "/" + std::to_string(m) + "/" + std::to_string(y);
}

std::string percent(long long a, long long b) {
  if (b <= 0) return "—";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f %%", 100.0 * static_cast<double>(a) / static_cast<double>(b));
  return buf;
}

std::string percentOf(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f %%", v);
  return buf;
}

class PdfWriter {
 public:
  PdfWriter(HPDF_Doc doc, HPDF_Font regular, HPDF_Font bold) : doc_(doc), regular_(regular), bold_(bold) { newPage(); }

  void newPage() {
    page_ = HPDF_AddPage(doc_);
    HPDF_Page_SetSize(page_, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    W = HPDF_Page_GetWidth(page_);
    y = HPDF_Page_GetHeight(page_) - 60;
  }
  void need(float h) {
    if (y - h < 60) newPage();
  }
  void text(HPDF_Font font, float size, float x, float at, const std::string& s, float room = 0) {
    HPDF_Page_SetFontAndSize(page_, font, size);
    if (room > 0) {
      const float w = HPDF_Page_TextWidth(page_, s.c_str());
      if (w > room) HPDF_Page_SetFontAndSize(page_, font, std::max(6.0f, size * room / w));
    }
    HPDF_Page_BeginText(page_);
    HPDF_Page_TextOut(page_, x, at, s.c_str());
    HPDF_Page_EndText(page_);
  }
  void heading(const std::string& s) {
    need(60);
    y -= 14;
    HPDF_Page_SetRGBFill(page_, 0.05f, 0.30f, 0.55f);
    text(bold_, 14, kLeft, y, s);
    HPDF_Page_SetRGBFill(page_, 0.1f, 0.1f, 0.1f);
    y -= 22;
  }
  void line(const std::string& s, bool strong = false) {
    need(18);
    text(strong ? bold_ : regular_, 11, kLeft, y, s, W - 2 * kLeft);
    y -= 17;
  }
  // A ruled table: first column takes the room the others leave.
  void table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
             float numberWidth = 62) {
    const size_t n = header.size();
    const float firstW = W - 2 * kLeft - numberWidth * static_cast<float>(n - 1);
    auto colX = [&](size_t i) { return i == 0 ? kLeft : kLeft + firstW + numberWidth * static_cast<float>(i - 1); };
    auto row = [&](const std::vector<std::string>& cells, bool head) {
      need(20);
      if (head) {
        HPDF_Page_SetRGBFill(page_, 0.90f, 0.93f, 0.97f);
        HPDF_Page_Rectangle(page_, kLeft - 4, y - 5, W - 2 * kLeft + 8, 18);
        HPDF_Page_Fill(page_);
        HPDF_Page_SetRGBFill(page_, 0.1f, 0.1f, 0.1f);
      }
      for (size_t i = 0; i < n && i < cells.size(); ++i) {
        const float room = (i == 0 ? firstW : numberWidth) - 6;
        text(head ? bold_ : regular_, head ? 9.5f : 10.5f, colX(i), y, cells[i], room);
      }
      HPDF_Page_SetRGBStroke(page_, 0.8f, 0.8f, 0.8f);
      HPDF_Page_SetLineWidth(page_, 0.5f);
      HPDF_Page_MoveTo(page_, kLeft - 4, y - 6);
      HPDF_Page_LineTo(page_, W - kLeft + 4, y - 6);
      HPDF_Page_Stroke(page_);
      y -= 19;
    };
    row(header, true);
    for (const auto& r : rows) row(r, false);
    y -= 6;
  }

  float W = 0, y = 0;
  static constexpr float kLeft = 50;

 private:
  HPDF_Doc doc_;
  HPDF_Font regular_, bold_;
  HPDF_Page page_ = nullptr;
};

std::string title(const std::map<std::string, std::string>& titles, const std::string& code) {
  auto it = titles.find(code);
  return it == titles.end() || it->second.empty() ? code : it->second;
}

}  // namespace

Result<void> writeReportPdf(const ReportDocument& d, const fs::path& out, const fs::path& font_dir) {
  auto pdf = PdfDocument::create(font_dir, "Báo cáo kết quả học kỹ năng số");
  if (!pdf) return tl::unexpected(pdf.error());
  PdfWriter w(pdf->doc(), pdf->regular(), pdf->bold());
  HPDF_Font bold = pdf->bold();

  const auto& r = d.report;
  w.text(bold, 18, PdfWriter::kLeft, w.y, "BÁO CÁO KẾT QUẢ HỌC KỸ NĂNG SỐ");
  w.y -= 20;
  w.line("Phong trào “Bình dân học vụ số”");
  w.y -= 6;
  w.line("Nơi học: " + d.site_name + " (mã " + d.site_id + ")");
  w.line("Máy: " + d.kiosk_id);
  std::string period = "Thời gian: ";
  if (r.range.from.empty() && r.range.to.empty()) period += "từ khi bắt đầu đến nay";
  else if (r.range.to.empty()) period += "từ ngày " + dmy(r.range.from) + " đến nay";
  else if (r.range.from.empty()) period += "từ khi bắt đầu đến ngày " + dmy(r.range.to);
  else period += "từ ngày " + dmy(r.range.from) + " đến ngày " + dmy(r.range.to);
  w.line(period);
  w.line("Lập lúc: " + d.generated_at_local);

  w.heading("Tổng hợp");
  w.table({"Chỉ số", "Số lượng"},
          {{"Người học đã đăng ký", std::to_string(r.learners_registered)},
           {"Bài học đã hoàn thành", std::to_string(r.lessons_completed)},
           {"Lượt thi", std::to_string(r.exams_taken)},
           {"Lượt thi đạt", std::to_string(r.exams_passed)},
           {"Tỉ lệ đạt", percent(r.exams_passed, r.exams_taken)},
           {"Giấy chứng nhận đã cấp", std::to_string(r.certificates)}},
          90);

  w.heading("Theo nhóm đối tượng");
  std::vector<std::vector<std::string>> rows;
  for (const auto& [code, g] : r.by_target_group)
    rows.push_back({title(d.target_group_titles, code), std::to_string(g.registered), std::to_string(g.trained),
                    std::to_string(g.exams_taken), std::to_string(g.exams_passed), std::to_string(g.certified),
                    percent(g.exams_passed, g.exams_taken)});
  w.table({"Nhóm đối tượng", "Đăng ký", "Đã học", "Lượt thi", "Đạt", "Chứng nhận", "Tỉ lệ đạt"}, rows, 58);

  w.heading("Theo nhóm kỹ năng");
  rows.clear();
  std::map<std::string, const SkillGroupPassRate*> passRates;
  for (const auto& s : d.dashboard.skill_groups) passRates[s.code] = &s;
  for (const auto& [code, g] : r.by_skill_group) {
    auto pr = passRates.find(code);
    rows.push_back({title(d.skill_group_titles, code), std::to_string(g.answers),
                    g.answers ? percentOf(100.0 * g.score / static_cast<double>(g.answers)) : "—",
                    g.exam_max > 0 ? percentOf(100.0 * g.exam_score / g.exam_max) : "—",
                    pr == passRates.end() ? "—" : percent(pr->second->passed, pr->second->exams)});
  }
  w.table({"Nhóm kỹ năng", "Câu đã làm", "Đúng", "Điểm thi", "Đạt nhóm"}, rows, 66);

  w.heading("Tám tuần gần đây");
  rows.clear();
  for (const auto& wk : d.dashboard.weeks)
    rows.push_back({"Tuần từ " + dmy(wk.week_start), std::to_string(wk.new_learners), std::to_string(wk.lessons_completed),
                    std::to_string(wk.exams_taken), std::to_string(wk.exams_passed)});
  w.table({"Tuần", "Người mới", "Bài học xong", "Lượt thi", "Đạt"}, rows, 76);

  w.y -= 10;
  w.line("Số liệu chỉ gồm mã người học ẩn danh; không có họ tên hay số căn cước.");
  w.line("Tài liệu được tạo tự động bởi HọcSố Kiosk.");

  return pdf->save(out, 0644);  // what is written to a stick is for other machines
}

Result<ReportFiles> ReportExportService::exportTo(const fs::path& dir, const assessment::ReportRange& range) {
  auto report = assessment::buildReport(*ctx_.db, ctx_.pack, range);
  if (!report) return tl::unexpected(report.error());
  auto dashboard = DashboardService(ctx_, now_ms_).dashboard();
  if (!dashboard) return tl::unexpected(dashboard.error());
  ReportDocument d;
  d.report = *report;
  d.dashboard = *dashboard;
  for (const auto& tg : ctx_.pack.framework.target_groups) d.target_group_titles[tg.code] = tg.title;
  for (const auto& g : ctx_.pack.framework.groups) d.skill_group_titles[g.code] = g.title;
  d.site_name = ctx_.config.site_name;
  d.site_id = ctx_.config.site_id;
  d.kiosk_id = ctx_.kiosk_id;
  const long long now = now_ms_();
  const std::tm tm = localTime(now);
  char when[64];
  std::snprintf(when, sizeof when, "%02d:%02d ngày %d/%d/%d", tm.tm_hour, tm.tm_min, tm.tm_mday, tm.tm_mon + 1,
                tm.tm_year + 1900);
  const std::string stamp = formatLocalTime(now, "%Y-%m-%d-%H%M");
  d.generated_at_local = when;

  const std::string base = "hocso-bao-cao-" + siteFileName(ctx_.config.site_id) + "-" + stamp;
  ReportFiles files{dir / (base + ".csv"), dir / (base + ".pdf")};
  if (auto ok = writeFileAtomically(files.csv, report->toCsv(), 0644); !ok) return tl::unexpected(ok.error());
  if (auto ok = writeReportPdf(d, files.pdf); !ok) return tl::unexpected(ok.error());
  return files;
}

Result<ReportFiles> ReportExportJob::run(const fs::path& dir, const assessment::ReportRange& range) {
  if (auto opened = openDatabase(); !opened) return tl::unexpected(opened.error());
  Result<ReportFiles> files = fail(ErrorCode::Database, "the report was not made");
  try {
    // One read snapshot for the CSV and the PDF, whatever the UI writes
    // meanwhile; rolled back at the end (nothing is written).
    SQLite::Transaction snapshot(*ctx_->db);
    files = ReportExportService(*ctx_, now_ms_).exportTo(dir, range);
  } catch (const SQLite::Exception& e) {
    files = fail(ErrorCode::Database, std::string("reading kiosk.db for the report failed: ") + e.what());
  }
  ctx_->db.reset();
  return files;
}

}  // namespace hocso::app
