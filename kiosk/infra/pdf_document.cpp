// PdfDocument: libharu's document, fonts and encoder, and a durable save.
#include "pdf_document.hpp"

#include <vector>

#include "base/files.hpp"

namespace hocso::app {
namespace fs = std::filesystem;

void PdfDocument::onError(HPDF_STATUS error, HPDF_STATUS, void* user) {
  auto* e = static_cast<Errors*>(user);
  if (e->first == HPDF_OK) e->first = error;
}

Result<PdfDocument> PdfDocument::create(const fs::path& font_dir, const std::string& title) {
  const fs::path regularFile = font_dir / "NotoSans-Regular.ttf", boldFile = font_dir / "NotoSans-Bold.ttf";
  std::error_code ec;
  if (!fs::exists(regularFile, ec) || !fs::exists(boldFile, ec))
    return fail(ErrorCode::NotFound,
                "font " + regularFile.string() + " or NotoSans-Bold.ttf is missing (install fonts-noto-core)");
  PdfDocument pdf;
  pdf.errors_ = std::make_unique<Errors>();
  pdf.doc_.reset(HPDF_New(onError, pdf.errors_.get()));
  if (!pdf.doc_) return fail(ErrorCode::Io, "cannot start a PDF document");
  HPDF_Doc doc = pdf.doc_.get();
  HPDF_SetCompressionMode(doc, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(doc);
  HPDF_SetCurrentEncoder(doc, "UTF-8");
  const char* regularName = HPDF_LoadTTFontFromFile(doc, regularFile.c_str(), HPDF_TRUE);
  const char* boldName = HPDF_LoadTTFontFromFile(doc, boldFile.c_str(), HPDF_TRUE);
  if (!regularName || !boldName) return fail(ErrorCode::Io, "cannot embed the Noto Sans fonts in the PDF");
  pdf.regular_ = HPDF_GetFont(doc, regularName, "UTF-8");
  pdf.bold_ = HPDF_GetFont(doc, boldName, "UTF-8");
  HPDF_SetInfoAttr(doc, HPDF_INFO_TITLE, title.c_str());
  HPDF_SetInfoAttr(doc, HPDF_INFO_CREATOR, "HọcSố Kiosk");
  return pdf;
}

Result<void> PdfDocument::save(const fs::path& out, mode_t mode) const {
  HPDF_Doc doc = doc_.get();
  if (errors_->first != HPDF_OK)
    return fail(ErrorCode::Io, "building the PDF failed (libharu error 0x" + std::to_string(errors_->first) + ")");
  if (HPDF_SaveToStream(doc) != HPDF_OK || errors_->first != HPDF_OK)
    return fail(ErrorCode::Io, "cannot write " + out.string());
  std::string bytes(HPDF_GetStreamSize(doc), '\0');
  HPDF_UINT32 size = static_cast<HPDF_UINT32>(bytes.size());
  const HPDF_STATUS read = HPDF_ReadFromStream(doc, reinterpret_cast<HPDF_BYTE*>(bytes.data()), &size);
  if ((read != HPDF_OK && read != HPDF_STREAM_EOF) || size != bytes.size())
    return fail(ErrorCode::Io, "cannot write " + out.string());
  return writeFileAtomically(out, bytes, mode);
}

}  // namespace hocso::app
