// libharu set up once for every PDF the kiosk writes (certificates, reports):
// errors collected by a handler rather than lost, UTF-8 text, Noto Sans
// regular and bold embedded, and the finished file written durably. Kept in
// kiosk/app, not base: only the kiosk's documents need libharu, and base
// stays free of it (the CLI tools and the fuzz build link base too).
#pragma once

#include <hpdf.h>
#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>

#include "base/error.hpp"

namespace hocso::app {

class PdfDocument {
 public:
  // A new document titled `title`, with NotoSans-Regular.ttf and
  // NotoSans-Bold.ttf from `font_dir` (NotFound when one is missing).
  static Result<PdfDocument> create(const std::filesystem::path& font_dir, const std::string& title);

  HPDF_Doc doc() const { return doc_.get(); }
  HPDF_Font regular() const { return regular_; }
  HPDF_Font bold() const { return bold_; }

  // The whole PDF written to `out` with `mode` (temporary file, fsync,
  // rename, fsync of the folder; the folder must exist: a drive pulled out
  // is an Io error). A libharu error while drawing fails here too.
  Result<void> save(const std::filesystem::path& out, mode_t mode) const;

 private:
  struct Errors {
    HPDF_STATUS first = HPDF_OK;
  };
  struct DocFree {
    void operator()(HPDF_Doc d) const { HPDF_Free(d); }
  };
  static void onError(HPDF_STATUS error, HPDF_STATUS detail, void* user);

  std::unique_ptr<Errors> errors_;  // on the heap: libharu keeps its address
  std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, DocFree> doc_;
  HPDF_Font regular_ = nullptr, bold_ = nullptr;
};

}  // namespace hocso::app
