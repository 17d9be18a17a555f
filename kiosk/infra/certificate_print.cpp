// QR encoding through libqrencode and the A4 certificate through libharu.
#include "certificate_print.hpp"

#include <hpdf.h>
#include <qrencode.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "pdf_document.hpp"

namespace hocso::app {
namespace fs = std::filesystem;

Result<QrMatrix> encodeQr(const std::string& text) {
  QRcode* code = QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M);
  if (!code) return fail(ErrorCode::Invalid, "the certificate payload does not fit in a QR code");
  QrMatrix m;
  m.width = code->width;
  m.dark.resize(static_cast<size_t>(code->width * code->width));
  for (size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = (code->data[i] & 1) != 0;
  QRcode_free(code);
  return m;
}

namespace {

std::string vietnameseDate(const std::string& ymd) {
  int y = 0, m = 0, d = 0;
  if (std::sscanf(ymd.c_str(), "%d-%d-%d", &y, &m, &d) != 3) return ymd;
  return "ngày " + std::to_string(d) + " tháng " + std::to_string(m) + " năm " + std::to_string(y);
}

std::string vietnamesePercent(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  for (char& c : s)
    if (c == '.') c = ',';
  return s + " %";
}

void line(HPDF_Page page, HPDF_Font font, float size, float x, float y, const std::string& text) {
  HPDF_Page_SetFontAndSize(page, font, size);
  HPDF_Page_BeginText(page);
  HPDF_Page_TextOut(page, x, y, text.c_str());
  HPDF_Page_EndText(page);
}

void centered(HPDF_Page page, HPDF_Font font, float size, float y, const std::string& text) {
  HPDF_Page_SetFontAndSize(page, font, size);
  const float w = HPDF_Page_TextWidth(page, text.c_str());
  HPDF_Page_BeginText(page);
  HPDF_Page_TextOut(page, (HPDF_Page_GetWidth(page) - w) / 2, y, text.c_str());
  HPDF_Page_EndText(page);
}

// Double border.
void drawBorder(HPDF_Page page, float W, float H) {
  HPDF_Page_SetRGBStroke(page, 0.05f, 0.30f, 0.55f);
  HPDF_Page_SetLineWidth(page, 3);
  HPDF_Page_Rectangle(page, 28, 28, W - 56, H - 56);
  HPDF_Page_Stroke(page);
  HPDF_Page_SetLineWidth(page, 1);
  HPDF_Page_Rectangle(page, 36, 36, W - 72, H - 72);
  HPDF_Page_Stroke(page);
}

// The labelled rows under the name; returns where the next line goes.
float drawFields(HPDF_Page page, HPDF_Font regular, HPDF_Font bold, const CertificatePrint& c, float W, float y) {
  const float x = 80;
  auto field = [&](const std::string& label, const std::string& value) {
    line(page, regular, 12, x, y, label);
    // Long values (a framework's full title) shrink to stay inside the border.
    const float room = W - 60 - (x + 150);
    float size = 12;
    HPDF_Page_SetFontAndSize(page, bold, size);
    const float width = HPDF_Page_TextWidth(page, value.c_str());
    if (width > room) size = std::max(7.0f, size * room / width);
    line(page, bold, size, x + 150, y, value);
    y -= 22;
  };
  field("Nhóm đối tượng:", c.target_group_title);
  field("Khung kỹ năng:", c.framework_title);
  field("Phiên bản khung:", c.framework_version);
  field("Kết quả:", "Đạt — " + vietnamesePercent(c.score));
  field("Nơi kiểm tra:", c.site_name + " (" + c.site_id + ")");
  field("Máy kiểm tra:", c.kiosk_id);
  if (!c.facilitator_name.empty()) field("Cán bộ coi thi:", c.facilitator_name);
  return y;
}

// The QR code of the signed payload, with a quiet zone.
void drawQr(HPDF_Page page, const QrMatrix& qr, float W) {
  const float qrSize = 190, module = qrSize / static_cast<float>(qr.width + 8);
  const float qx = (W - qrSize) / 2, qy = 110;
  HPDF_Page_SetRGBFill(page, 1, 1, 1);
  HPDF_Page_Rectangle(page, qx, qy, qrSize, qrSize);
  HPDF_Page_Fill(page);
  HPDF_Page_SetRGBFill(page, 0, 0, 0);
  for (int row = 0; row < qr.width; ++row)
    for (int col = 0; col < qr.width; ++col)
      if (qr.at(col, row))
        HPDF_Page_Rectangle(page, qx + module * static_cast<float>(col + 4),
                            qy + qrSize - module * static_cast<float>(row + 5), module, module);
  HPDF_Page_Fill(page);
}

}  // namespace

Result<void> writeCertificatePdf(const CertificatePrint& c, const fs::path& out, const fs::path& font_dir) {
  auto qr = encodeQr(c.payload);
  auto pdf = PdfDocument::create(font_dir, "Giấy chứng nhận kỹ năng số cơ bản");
  if (!pdf) return tl::unexpected(pdf.error());
  if (!qr) return tl::unexpected(qr.error());
  HPDF_Font regular = pdf->regular(), bold = pdf->bold();

  HPDF_Page page = HPDF_AddPage(pdf->doc());
  HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
  const float W = HPDF_Page_GetWidth(page), H = HPDF_Page_GetHeight(page);
  drawBorder(page, W, H);

  HPDF_Page_SetRGBFill(page, 0.1f, 0.1f, 0.1f);
  centered(page, bold, 13, H - 80, "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  centered(page, regular, 12, H - 98, "Độc lập – Tự do – Hạnh phúc");
  HPDF_Page_SetRGBFill(page, 0.05f, 0.30f, 0.55f);
  centered(page, bold, 30, H - 165, "GIẤY CHỨNG NHẬN");
  HPDF_Page_SetRGBFill(page, 0.1f, 0.1f, 0.1f);
  centered(page, regular, 15, H - 192, "Hoàn thành bài kiểm tra kỹ năng số cơ bản");
  centered(page, regular, 12, H - 212, "Phong trào “Bình dân học vụ số”");

  centered(page, regular, 13, H - 262, "Chứng nhận Ông/Bà");
  centered(page, bold, 24, H - 296, c.full_name.empty() ? "(thông tin cá nhân đã được xóa theo yêu cầu)" : c.full_name);
  if (c.birth_year > 0) centered(page, regular, 13, H - 320, "Năm sinh: " + std::to_string(c.birth_year));

  const float y = drawFields(page, regular, bold, c, W, H - 362);  // room for seven rows above the QR code
  centered(page, regular, 12, y - 8, c.site_name + ", " + vietnameseDate(c.date));

  drawQr(page, *qr, W);
  HPDF_Page_SetRGBFill(page, 0.3f, 0.3f, 0.3f);
  centered(page, regular, 9, 92, "Mã chứng nhận: " + c.certificate_id);
  centered(page, regular, 9, 78, "Quét mã QR để kiểm tra chữ ký số của máy (khóa " + c.key_id + "): hocso cert verify");
  centered(page, regular, 9, 64, "Tài liệu được tạo tự động bởi HọcSố Kiosk. Không có giá trị nếu chữ ký số không hợp lệ.");

  return pdf->save(out, 0640);  // it names the person: private to the kiosk's user and group
}

}  // namespace hocso::app
