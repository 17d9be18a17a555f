// Pack checks and changes through content::PackStore (the same code as
// `hocso content install` / `rollback`), with errors sorted into PackProblem.
#include "content_install_service.hpp"

#include <spdlog/spdlog.h>

#include "assessment/records.hpp"
#include "content/pack_file.hpp"

namespace hocso::app {
namespace fs = std::filesystem;

namespace {

PackProblem classify(const Error& e) {
  switch (e.code) {
    case ErrorCode::NotFound:
    case ErrorCode::Io: return PackProblem::Unreadable;
    case ErrorCode::Damaged: return PackProblem::Damaged;
    case ErrorCode::Untrusted:
    case ErrorCode::Crypto: return PackProblem::Untrusted;
    case ErrorCode::TooOld: return PackProblem::Older;
    case ErrorCode::Invalid: return PackProblem::NotAPack;
    default: return PackProblem::Failed;
  }
}

}  // namespace

ContentInstallService::ContentInstallService(KioskContext& ctx)
    : ctx_(&ctx),
      data_dir_(ctx.data_dir),
      key_files_(content::trustedKeyFiles(ctx.config)),
      running_id_(ctx.pack.info.id),
      running_version_(ctx.pack.info.version) {}

bool ContentInstallService::hasPrevious() const {
  std::error_code ec;
  return fs::exists(content::PackStore(data_dir_).previous(), ec);
}

PackCheck ContentInstallService::check(const fs::path& file) const {
  PackCheck c;
  auto keys = content::readTrustedKeys(key_files_);
  if (!keys) {
    c.problem = PackProblem::Untrusted;
    c.detail = keys.error().message;
    return c;
  }
  auto opened = content::openPackFile(file, *keys);
  if (!opened) {
    c.problem = classify(opened.error());
    c.detail = opened.error().message;
    spdlog::warn("content pack {} refused: {}", file.string(), c.detail);
    return c;
  }
  const auto& info = opened->pack.info;
  c.id = info.id;
  c.version = info.version;
  c.title = info.title;
  c.key_id = content::keyId(opened->verification.trailer.signer);
  c.lessons = static_cast<int>(opened->pack.lessons.size());
  c.questions = static_cast<int>(opened->pack.questions.size());
  c.same_as_current = info.id == running_id_ && info.version == running_version_;
  if (info.id == running_id_ && content::compareVersions(info.version, running_version_) < 0) {
    c.problem = PackProblem::Older;
    c.detail = "version " + info.version + " is older than the running " + running_version_;
  }
  return c;
}

PackChange ContentInstallService::install(const fs::path& file) const {
  PackChange out;
  auto keys = content::readTrustedKeys(key_files_);
  if (!keys) return {PackProblem::Untrusted, keys.error().message, {}};
  auto r = content::PackStore(data_dir_).install(file, *keys, false);
  if (!r) {
    out.problem = classify(r.error());
    out.detail = r.error().message;
    spdlog::error("installing content pack {} failed: {}", file.string(), out.detail);
    return out;
  }
  spdlog::info("content pack {} {} installed from {} (replaced: {})", r->id, r->version, file.string(),
               r->replaced.empty() ? "none" : r->replaced);
  out.report = *r;
  return out;
}

PackChange ContentInstallService::rollback() const {
  PackChange out;
  auto keys = content::readTrustedKeys(key_files_);
  if (!keys) return {PackProblem::Untrusted, keys.error().message, {}};
  auto r = content::PackStore(data_dir_).rollback(*keys);
  if (!r) {
    out.problem = classify(r.error());
    out.detail = r.error().message;
    spdlog::error("content rollback failed: {}", out.detail);
    return out;
  }
  spdlog::info("content pack rolled back to {} {}", r->id, r->version);
  out.report = *r;
  return out;
}

Activation ContentInstallService::activate() {
  KioskContext& ctx = *ctx_;
  if (!ctx.config.pack.empty()) return Activation::NextStart_ConfiguredPack;
  auto open = assessment::AttemptRepository(*ctx.db).allUnfinished();
  if (!open) {
    spdlog::error("{}", open.error().message);
    return Activation::NextStart_LoadFailed;
  }
  for (const auto& a : *open)
    if (a.kind == assessment::AttemptKind::Exam) return Activation::NextStart_ExamInProgress;
  std::string source;
  auto pack = loadConfiguredPack(ctx.config, ctx.data_dir, &source);
  if (!pack) {
    spdlog::error("the installed pack could not be loaded now: {}", pack.error().message);
    return Activation::NextStart_LoadFailed;
  }
  ctx.pack = std::move(*pack);
  ctx.pack_source = source;
  running_id_ = ctx.pack.info.id;
  running_version_ = ctx.pack.info.version;
  spdlog::info("now using content pack {} {} ({} lessons) from {}", ctx.pack.info.id, ctx.pack.info.version,
               ctx.pack.lessons.size(), source);
  return Activation::Now;
}

}  // namespace hocso::app
