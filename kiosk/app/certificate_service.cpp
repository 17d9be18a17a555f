// Certificate lookups, printing and offline verification.
#include "certificate_service.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "assessment/exam.hpp"
#include "base/files.hpp"
#include "assessment/records.hpp"

namespace hocso::app {
namespace fs = std::filesystem;

Result<std::vector<assessment::Certificate>> CertificateService::list() {
  return assessment::CertificateRepository(*ctx_.db).all();
}

Result<assessment::Certificate> CertificateService::find(const std::string& id) {
  return assessment::CertificateRepository(*ctx_.db).find(id);
}

Result<QrMatrix> CertificateService::qr(const std::string& id) {
  auto cert = find(id);
  if (!cert) return tl::unexpected(cert.error());
  return encodeQr(cert->payload);
}

Result<CertificatePrint> CertificateService::printable(const std::string& id) {
  auto cert = find(id);
  if (!cert) return tl::unexpected(cert.error());
  auto learner = assessment::LearnerRepository(*ctx_.db, ctx_.cipher).find(cert->learner_id);
  if (!learner) return tl::unexpected(learner.error());
  CertificatePrint p;
  p.full_name = learner->erased ? "" : learner->full_name;
  p.birth_year = learner->erased ? 0 : learner->birth_year;
  p.target_group_title = cert->target_group;
  for (const auto& tg : ctx_.pack.framework.target_groups)
    if (tg.code == cert->target_group) p.target_group_title = tg.title;
  p.framework_title = ctx_.pack.framework.id == cert->framework && !ctx_.pack.framework.title.empty()
                          ? ctx_.pack.framework.title
                          : cert->framework;
  p.framework_version = cert->framework_version;
  p.score = cert->score;
  p.date = cert->date;
  p.site_name = ctx_.config.site_name;
  p.site_id = cert->site_id;
  p.kiosk_id = cert->kiosk_id;
  p.certificate_id = cert->id;
  p.key_id = cert->key_id;
  p.payload = cert->payload;
  // The facilitator's name is decrypted for the print only.
  if (!cert->facilitator_id.empty()) {
    auto who = assessment::FacilitatorRepository(*ctx_.db, ctx_.cipher).find(cert->facilitator_id);
    if (who) p.facilitator_name = who->name;
  }
  return p;
}

Result<void> CertificateService::writePdf(const std::string& id, const fs::path& out, const fs::path& font_dir) {
  auto p = printable(id);
  if (!p) return tl::unexpected(p.error());
  return writeCertificatePdf(*p, out, font_dir);
}

assessment::CertificateCheck verifyCertificateInput(const std::string& input, const std::vector<fs::path>& key_files) {
  std::string payload = input;
  std::error_code ec;
  if (input.find('.') == std::string::npos || fs::is_regular_file(input, ec)) {
    auto text = readFileBounded(input, kSmallFileLimit);
    if (!text && text.error().code != ErrorCode::NotFound) {  // NotFound: the input is the payload itself
      assessment::CertificateCheck bad;
      bad.problem = text.error().message;
      return bad;
    }
    if (text) {
      payload = std::move(*text);
      auto j = nlohmann::json::parse(payload, nullptr, false);
      if (j.is_object() && j.contains("payload") && j["payload"].is_string()) payload = j["payload"];
    }
  }
  std::vector<assessment::Ed25519PublicKey> keys;
  for (const auto& f : key_files) {
    auto k = assessment::readPublicKeyPem(f);
    if (!k) {
      assessment::CertificateCheck bad;
      bad.problem = "cannot read public key " + f.string() + ": " + k.error().message;
      return bad;
    }
    keys.push_back(*k);
  }
  return assessment::verifyCertificatePayload(payload, keys);
}

}  // namespace hocso::app
