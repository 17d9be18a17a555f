// Certificate list, CUPS printing (lpstat/lp run without a shell) and
// copies on a USB drive.
#include "certificate_desk.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

#include "assessment/records.hpp"
#include "base/database.hpp"
#include "base/ids.hpp"
#include "certificate_service.hpp"
#include "name_search.hpp"
#include "usb_media.hpp"

extern char** environ;

namespace hocso::app {
namespace fs = std::filesystem;

namespace {

struct Ran {
  int status = -1;       // exit status, -1 when it could not run or was killed
  std::string out;       // standard output (bounded)
};

// Runs argv[0] from PATH with LC_ALL=C (English, parseable output), no
// shell, standard input from /dev/null, standard output captured.
Ran run(const std::vector<std::string>& args) {
  Ran r;
  int pipefd[2];
  if (pipe2(pipefd, O_CLOEXEC) != 0) return r;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e)
    if (std::strncmp(*e, "LC_ALL=", 7) != 0 && std::strncmp(*e, "LANG=", 5) != 0) env.emplace_back(*e);
  env.emplace_back("LC_ALL=C");
  std::vector<char*> envp, argv;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> a = args;
  for (auto& s : a) argv.push_back(s.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  close(pipefd[1]);
  if (rc == 0) {
    char buf[4096];
    ssize_t n;
    while ((n = read(pipefd[0], buf, sizeof buf)) > 0)
      if (r.out.size() < 65536) r.out.append(buf, static_cast<size_t>(n));
  }
  close(pipefd[0]);
  if (rc != 0) return r;
  int st = 0;
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(st)) r.status = WEXITSTATUS(st);
  return r;
}

}  // namespace

Result<std::vector<IssuedCertificate>> issuedCertificates(KioskContext& ctx) {
  auto all = assessment::CertificateRepository(*ctx.db).all();
  if (!all) return tl::unexpected(all.error());
  assessment::LearnerRepository learners(*ctx.db, ctx.cipher);
  std::vector<IssuedCertificate> out;
  for (const auto& c : *all) {
    if (c.kiosk_id != ctx.kiosk_id) continue;
    auto l = learners.find(c.learner_id);
    if (!l) return tl::unexpected(l.error());
    if (l->erased) continue;
    IssuedCertificate i{c.id, c.learner_id, l->full_name, l->birth_year, c.date, c.score, c.target_group, c.issued_at};
    for (const auto& tg : ctx.pack.framework.target_groups)
      if (tg.code == c.target_group) i.target_group_title = tg.title;
    out.push_back(std::move(i));
  }
  std::stable_sort(out.begin(), out.end(), [&](const IssuedCertificate& a, const IssuedCertificate& b) {
    return a.date != b.date ? a.date > b.date : a.issued_at > b.issued_at;
  });
  return out;
}

std::string defaultPrinter() {
  const Ran r = run({"lpstat", "-d"});
  if (r.status != 0) return "";
  // "system default destination: NAME" (or "no system default destination").
  const std::string key = "system default destination:";
  const auto at = r.out.find(key);
  if (at == std::string::npos) return "";
  std::string name = r.out.substr(at + key.size());
  name.erase(0, name.find_first_not_of(" \t"));
  name.erase(std::find_if(name.begin(), name.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); }),
             name.end());
  return name;
}

Result<void> printFiles(const std::string& printer, const std::vector<fs::path>& files) {
  if (printer.empty()) return fail(ErrorCode::Config, "no printer is set up (lpstat -d names none)");
  if (files.empty()) return {};
  std::vector<std::string> args = {"lp", "-d", printer, "-t", "HocSo"};
  for (const auto& f : files) args.push_back(f.string());
  const Ran r = run(args);
  if (r.status != 0)
    return fail(ErrorCode::Io, r.status < 0 ? "lp could not be run (is cups-client installed?)"
                                            : "lp refused the job (exit " + std::to_string(r.status) + ")");
  return {};
}

std::string certificatePdfName(const IssuedCertificate& c) {
  std::string name;
  for (char ch : assessment::foldName(c.full_name)) {
    const auto u = static_cast<unsigned char>(ch);
    if (std::isalnum(u)) name += ch;
    else if (!name.empty() && name.back() != '-') name += '-';
  }
  while (!name.empty() && name.back() == '-') name.pop_back();
  if (name.empty()) name = "nguoi-hoc";
  return "chung-nhan-" + name + "-" + c.date + "-" + c.certificate_id.substr(0, 8) + ".pdf";
}

Result<BatchOutcome> CertificateBatchJob::print(const std::vector<std::string>& ids, const std::string& printer) {
  if (auto ok = openDatabase(); !ok) return tl::unexpected(ok.error());
  // Private to the kiosk's user (the data dir is), removed after lp took the files.
  const fs::path tmp = ctx_->data_dir / "tmp" / ("print-" + uuid4());
  std::error_code ec;
  fs::create_directories(tmp, ec);
  if (ec) return fail(ErrorCode::Io, "cannot create " + tmp.string() + ": " + ec.message());
  BatchOutcome out;
  std::vector<fs::path> files;
  CertificateService certs(*ctx_);
  Result<void> ok;
  for (const auto& id : ids) {
    const fs::path f = tmp / (id + ".pdf");
    if (ok = certs.writePdf(id, f, font_dir_); !ok) break;
    files.push_back(f);
  }
  if (ok) ok = printFiles(printer, files);
  fs::remove_all(tmp, ec);
  ctx_->db.reset();
  if (!ok) return tl::unexpected(ok.error());
  out.done = static_cast<int>(files.size());
  return out;
}

Result<BatchOutcome> CertificateBatchJob::copyTo(const std::vector<std::string>& ids, const fs::path& drive) {
  if (auto ok = openDatabase(); !ok) return tl::unexpected(ok.error());
  BatchOutcome out;
  auto all = issuedCertificates(*ctx_);
  if (!all) {
    ctx_->db.reset();
    return tl::unexpected(all.error());
  }
  CertificateService certs(*ctx_);
  for (const auto& id : ids) {
    auto it = std::find_if(all->begin(), all->end(), [&](const IssuedCertificate& c) { return c.certificate_id == id; });
    if (it == all->end()) continue;
    const fs::path f = drive / certificatePdfName(*it);
    if (auto ok = certs.writePdf(id, f, font_dir_); !ok) {
      ctx_->db.reset();
      return tl::unexpected(ok.error());
    }
    // writePdf wrote it durably (base writeFileAtomically: file and folder synced).
    out.files.push_back(f);
  }
  ctx_->db.reset();
  out.done = static_cast<int>(out.files.size());
  return out;
}

}  // namespace hocso::app
