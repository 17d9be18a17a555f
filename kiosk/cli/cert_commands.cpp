// hocso cert verify PAYLOAD_OR_FILE [--pubkey PEM]... | pdf CERT_ID -o FILE | list [--json]
// Verification is offline: it needs only the issuing kiosk's public key. A
// valid signature proves who holds that key, not which kiosk the claims name,
// so the output reports the kiosk id as claimed, never as proven.
#include <nlohmann/json.hpp>

#include <iostream>

#include "assessment/certificate.hpp"
#include "certificate_service.hpp"
#include "commands.hpp"
#include "kiosk_context.hpp"

namespace hocso::cli {
namespace {
namespace fs = std::filesystem;

struct CertOptions {
  std::string input, id, out;
  std::vector<std::string> pubkeys;
  bool json = false;
};

int runVerify(const Globals& g, const CertOptions& o) {
  std::vector<fs::path> keys(o.pubkeys.begin(), o.pubkeys.end());
  if (keys.empty()) {
    auto s = setup(g, true, DataAccess::None);
    if (!s) return kExitConfig;
    keys.push_back(assessment::KioskSigner::publicKeyFile(s->data_dir));
    std::error_code ec;
    if (!fs::exists(keys.back(), ec))
      return error("no kiosk public key at " + keys.back().string() + "; give the issuing kiosk's key with --pubkey");
  }
  auto check = app::verifyCertificateInput(o.input, keys);
  if (!check.valid) return error("invalid certificate: " + check.problem);
  const auto& c = check.certificate;
  std::string keyFile;
  for (const auto& f : keys)
    if (auto k = assessment::readPublicKeyPem(f); k && *k == check.signer) keyFile = f.string();
  std::cout << "valid signature: certificate " << c.id << " for learner " << c.learner_id << " (" << c.target_group
            << "), " << c.framework << " " << c.framework_version << ", score " << c.score << "%, " << c.date
            << (c.facilitator_id.empty() ? std::string() : ", exam unlocked by facilitator " + c.facilitator_id)
            << ", payload version " << c.version() << "; signed by key " << assessment::keyIdOf(check.signer) << " ("
            << (o.pubkeys.empty() ? "this kiosk's key " : "") << keyFile << "). It claims site " << c.site_id
            << " and kiosk id " << c.kiosk_id
            << ": the signature does not prove those; trust them only if that key is known to belong to that kiosk\n";
  return kExitOk;
}

int runPdf(const Globals& g, const CertOptions& o) {
  auto s = setup(g, true);
  if (!s) return kExitConfig;
  auto ctx = app::openKiosk(s->config, s->data_dir);
  if (!ctx) return error(ctx.error().message);
  app::CertificateService certs(**ctx);
  if (auto ok = certs.writePdf(o.id, o.out); !ok) return error(ok.error().message);
  std::cout << "wrote " << o.out << "\n";
  return kExitOk;
}

int runList(const Globals& g, const CertOptions& o) {
  auto s = setup(g, true, DataAccess::ReadOnly);
  if (!s) return kExitConfig;
  auto db = app::openKioskDatabaseReadOnly(s->data_dir);
  if (!db) return error(db.error().message);
  auto all = assessment::CertificateRepository(**db).all();
  if (!all) return error(all.error().message);
  if (o.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& c : *all) {
      auto j = c.claims();
      j["payload"] = c.payload;
      j["result_id"] = c.result_id;
      out.push_back(j);
    }
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  for (const auto& c : *all)
    std::cout << c.id << "  " << c.date << "  " << c.target_group << "  " << c.score << "%  learner " << c.learner_id << "\n";
  return kExitOk;
}

}  // namespace

Runner addCertCommands(CLI::App& app, Globals& g) {
  auto* cert = addCommandGroup(app, "cert", "Certificates: verify, print, list");
  auto o = std::make_shared<CertOptions>();
  auto* verify = cert->add_subcommand("verify", "Check a certificate payload (or a file holding one) offline");
  verify->add_option("payload", o->input, "The payload from the QR code, or a file holding it")->required();
  verify->add_option("--pubkey", o->pubkeys, "Public key PEM of the issuing kiosk (default: this kiosk's)");
  auto* pdf = cert->add_subcommand("pdf", "Write the printable A4 certificate (PDF)");
  pdf->add_option("id", o->id, "Certificate id")->required();
  pdf->add_option("-o,--output", o->out, "PDF file to write")->required();
  auto* list = cert->add_subcommand("list", "List the certificates issued by this kiosk");
  list->add_flag("--json", o->json, "JSON output");
  return [=, &g]() -> std::optional<int> {
    if (verify->parsed()) return runVerify(g, *o);
    if (pdf->parsed()) return runPdf(g, *o);
    if (list->parsed()) return runList(g, *o);
    return std::nullopt;
  };
}

}  // namespace hocso::cli
