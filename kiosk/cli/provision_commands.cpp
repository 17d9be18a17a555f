// hocso provision: asks the technician, in plain words, for what a site needs
// (or takes every answer as a flag with --non-interactive), then provisions the
// kiosk (provision_service.hpp) and prints its public key and an enrolment QR code.
#include <termios.h>
#include <unistd.h>

#include <functional>
#include <iostream>
#include <tuple>

#include "base/files.hpp"
#include "base/paths.hpp"
#include "certificate_print.hpp"
#include "commands.hpp"
#include "exam_service.hpp"
#include "machine_identity.hpp"
#include "provision_service.hpp"

namespace hocso::cli {
namespace {
namespace fs = std::filesystem;

struct ProvisionOptions {
  bool non_interactive = false;
  std::string lrs_password_file, cert_token_file, facilitator_pin_file, office_key, site_pin_file;
  std::vector<std::string> content_keys;
  app::ProvisionAnswers answers;
};

// The first line of a file a technician wrote (a password, a token, a PIN).
Result<std::string> firstLine(const std::string& file, const std::string& flag) {
  auto text = readFileBounded(file, kSmallFileLimit);
  if (!text) return fail(text.error().code, flag + " " + text.error().message);
  std::string line = text->substr(0, text->find('\n'));
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

struct EndOfInput {};

// Asks until `check` accepts the answer (an empty answer takes `fallback`).
std::string ask(const std::string& question, const std::string& fallback,
                const std::function<Result<void>(const std::string&)>& check, bool secret = false) {
  while (true) {
    std::cout << question << (fallback.empty() || secret ? "" : " [" + fallback + "]") << ": " << std::flush;
    auto line = readAnswer(secret);
    if (!line) throw EndOfInput{};
    const std::string answer = line->empty() ? fallback : *line;
    auto ok = check(answer);
    if (ok) return answer;
    std::cout << "  " << ok.error().message << "\n";
  }
}

Result<void> anything(const std::string&) { return {}; }

// Fills in what the flags left open, asking in plain words.
void interview(app::ProvisionAnswers& a, const Config& current, std::vector<std::string>& content_keys,
               std::string& office_key) {
  std::cout << "Setting up this HọcSố kiosk. Press Enter to keep the value in [brackets].\n\n";
  if (a.site_id.empty())
    a.site_id = ask("Site id: a short code for this commune's cultural house, e.g. hn-bavi-tanhong",
                    current.site_id == "local" ? "" : current.site_id, app::checkSiteId);
  if (a.site_name.empty())
    a.site_name = ask("Site name, shown on the welcome screen", current.site_name, app::checkSiteName);
  if (a.lrs_endpoint.empty())
    a.lrs_endpoint = ask("Address of the learning record store (LRS), e.g. https://lrs.example.gov.vn/xAPI/ "
                         "(leave empty if this kiosk sends results by USB only)",
                         current.lrs.endpoint, [&](const std::string& v) {
                           return v.empty() ? Result<void>{} : app::checkEndpoint(v, "the LRS address", a.allow_http);
                         });
  if (!a.lrs_endpoint.empty()) {
    if (a.lrs_username.empty())
      a.lrs_username = ask("LRS username", current.lrs.username, [](const std::string& v) {
        return v.empty() ? fail(ErrorCode::Invalid, "the username is needed") : Result<void>{};
      });
    if (a.lrs_password.empty())
      a.lrs_password = ask("LRS password (not shown)", "",
                           [](const std::string& v) { return app::checkSecret(v, "the password"); }, true);
  }
  if (a.cert_endpoint.empty())
    a.cert_endpoint = ask("Address of the certification service, e.g. https://cert.example.gov.vn/api/v1/ "
                          "(leave empty if certificates wait for now)",
                          current.certification.endpoint, [&](const std::string& v) {
                            return v.empty() ? Result<void>{}
                                             : app::checkEndpoint(v, "the certification address", a.allow_http);
                          });
  if (!a.cert_endpoint.empty() && a.cert_token.empty())
    a.cert_token = ask("Certification service token (not shown)", "",
                       [](const std::string& v) { return app::checkSecret(v, "the token"); }, true);
  if (content_keys.empty()) {
    std::cout << "Public keys of content publishers you trust (PEM files), one per line; an empty line ends.\n";
    while (true) {
      const std::string k = ask("  Content key file", "", [](const std::string& v) {
        return v.empty() ? Result<void>{} : app::checkContentKey(v);
      });
      if (k.empty()) break;
      content_keys.push_back(k);
    }
  }
  if (office_key.empty())
    office_key = ask("The office's USB bundle public key (PEM file; leave empty to add it later)",
                     current.bundle_public_key, [](const std::string& v) {
                       return v.empty() ? Result<void>{} : app::checkOfficeKey(v);
                     });
  if (a.facilitator_name.empty()) {
    std::cout << "The first facilitator: the person who unlocks exams and facilitator mode with a PIN.\n";
    a.facilitator_name = ask("Facilitator's full name (leave empty to add none)", "", anything);
  }
  if (!a.facilitator_name.empty() && a.facilitator_pin.empty()) {
    while (true) {
      const std::string pin = ask("Facilitator's PIN, 4 digits (not shown)", "", [&](const std::string& v) {
        return app::checkFacilitatorAnswers(a.facilitator_name, v);
      }, true);
      const std::string again = ask("The same PIN again (not shown)", "", anything, true);
      if (pin == again) {
        a.facilitator_pin = pin;
        break;
      }
      std::cout << "  the two PINs differ; once more\n";
    }
  }
}

// The QR code in UTF-8 half blocks (two module rows per text line), with a
// quiet zone. On a terminal it is drawn black on white whatever the theme.
std::string qrText(const app::QrMatrix& m, bool ansi) {
  constexpr int quiet = 4;
  const int size = m.width + 2 * quiet;
  auto dark = [&](int x, int y) {
    x -= quiet;
    y -= quiet;
    return x >= 0 && y >= 0 && x < m.width && y < m.width && m.at(x, y);
  };
  std::string out;
  for (int y = 0; y < size; y += 2) {
    if (ansi) out += "\033[30;47m";
    for (int x = 0; x < size; ++x) {
      const bool top = dark(x, y), bottom = y + 1 < size && dark(x, y + 1);
      out += top && bottom ? "█" : top ? "▀" : bottom ? "▄" : " ";
    }
    if (ansi) out += "\033[0m";
    out += "\n";
  }
  return out;
}

// What was done, and the enrolment the office needs (text and QR code).
void printProvisioned(const app::ProvisionOutcome& o, const app::ProvisionAnswers& a) {
  if (o.new_identity)
    std::cout << "this PC was a copy of another kiosk: it is now a new kiosk with its own id and keys"
              << (o.discarded_records ? " (" + std::to_string(o.discarded_records) + " copied records deleted)" : "")
              << "\n";
  std::cout << "provisioned kiosk " << o.kiosk_id << " for site " << o.site_id << ": settings in "
            << o.config_file.string();
  for (const auto& f : o.secret_files) std::cout << ", secret " << f.string();
  std::cout << "\n";
  if (!o.facilitator_id.empty()) std::cout << "facilitator " << o.facilitator_id << " added\n";
  if (!o.site_joined.empty())
    std::cout << "joined the site \"" << o.site_joined
              << "\": restart hocso-kiosk and hocso-sync; for the LAN, run hocso site syncthing --invite "
              << a.site_invite.string() << "\n";
  if (!o.machine_recorded)
    std::cout << "warning: " << app::machineIdFile().string() << " cannot be read: a copied disk will not be noticed\n";
  std::cout << "\nEnrol this kiosk at the office, so its USB bundles are accepted there:\n"
            << "  hocso sync trust-kiosk kiosk-sign.pub.pem --kiosk-id " << o.kiosk_id << "\n"
            << "with this public key (key id " << o.key_id << ", file " << o.public_key_file.string()
            << "):\n\n"
            << o.public_key_pem << "\n";
  if (auto qr = app::encodeQr(app::enrolmentText(o)); qr)
    std::cout << "The same as a QR code (kiosk id, site and public key):\n" << qrText(*qr, ::isatty(STDOUT_FILENO));
}

}  // namespace

std::optional<std::string> readAnswer(bool secret) {
  const bool hide = secret && ::isatty(STDIN_FILENO);
  termios saved{};
  if (hide && ::tcgetattr(STDIN_FILENO, &saved) == 0) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line;
  const bool got = static_cast<bool>(std::getline(std::cin, line));
  if (hide) {
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::cout << "\n";
  }
  if (!got) return std::nullopt;
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  while (!line.empty() && line.front() == ' ') line.erase(line.begin());
  return line;
}

Runner addProvisionCommand(CLI::App& app, Globals& g) {
  auto* cmd = app.add_subcommand("provision", "Set up this kiosk for its site: endpoints, keys, first facilitator");
  auto o = std::make_shared<ProvisionOptions>();
  auto& ans = o->answers;
  cmd->add_flag("--non-interactive", o->non_interactive, "Ask nothing: every answer comes from the flags");
  cmd->add_option("--site-id", ans.site_id, "Short code of the site, e.g. hn-bavi-tanhong");
  cmd->add_option("--site-name", ans.site_name, "Name shown on the welcome screen");
  cmd->add_option("--lrs-endpoint", ans.lrs_endpoint, "LRS base URL (https://…/xAPI/)");
  cmd->add_option("--lrs-username", ans.lrs_username, "LRS username (Basic auth)");
  cmd->add_option("--lrs-password-file", o->lrs_password_file, "File whose first line is the LRS password");
  cmd->add_option("--cert-endpoint", ans.cert_endpoint, "Certification endpoint base URL");
  cmd->add_option("--cert-token-file", o->cert_token_file, "File whose first line is the certification token");
  cmd->add_option("--content-key", o->content_keys, "Trusted content publisher public key (PEM); repeatable");
  cmd->add_option("--office-key", o->office_key, "The office's USB bundle public key (X25519 PEM)");
  cmd->add_option("--facilitator-name", ans.facilitator_name, "Full name of the first facilitator");
  cmd->add_option("--facilitator-pin-file", o->facilitator_pin_file, "File whose first line is their 4-digit PIN");
  cmd->add_option("--site-invite", ans.site_invite,
                  "Join the commune's site of several kiosks with this invite (from hocso site init)");
  cmd->add_option("--site-pin-file", o->site_pin_file, "File whose first line is the invite's PIN");
  cmd->add_flag("--allow-http", ans.allow_http, "Accept http:// endpoints on a trusted local network");
  cmd->add_flag("--discard-copied-data", ans.discard_copied_data,
                "On a cloned disk: delete the other kiosk's copied data and make this PC a new kiosk");
  return [cmd, o, &g]() -> std::optional<int> {
    if (!cmd->parsed()) return std::nullopt;
    // Unlike other commands, a --config that does not exist yet is fine: provisioning writes it.
    const fs::path configPath = resolveConfigPath(g.config_path);
    std::error_code ec;
    Globals existing = g;
    if (!g.config_path.empty() && !fs::exists(configPath, ec)) existing.config_path.clear();
    auto s = setup(existing, true);
    if (!s) return kExitConfig;
    if (existing.config_path.empty() && !g.config_path.empty()) s->config = Config{};
    auto& a = o->answers;
    for (auto [file, target, flag] : {std::tuple{&o->lrs_password_file, &a.lrs_password, "--lrs-password-file"},
                                      std::tuple{&o->cert_token_file, &a.cert_token, "--cert-token-file"},
                                      std::tuple{&o->facilitator_pin_file, &a.facilitator_pin, "--facilitator-pin-file"},
                                      std::tuple{&o->site_pin_file, &a.site_invite_pin, "--site-pin-file"}}) {
      if (file->empty()) continue;
      auto line = firstLine(*file, flag);
      if (!line) return error(line.error().message, kExitUsage);
      *target = *line;
    }
    if (!o->non_interactive) {
      try {
        interview(a, s->config, o->content_keys, o->office_key);
      } catch (const EndOfInput&) {
        return error("the answers ended early; answer every question, or use --non-interactive with flags", kExitUsage);
      }
    }
    a.content_keys.assign(o->content_keys.begin(), o->content_keys.end());
    a.office_key = o->office_key;
    auto done = app::provisionKiosk(a, configPath, s->data_dir);
    if (!done) {
      const ErrorCode c = done.error().code;
      return error(done.error().message, c == ErrorCode::Invalid ? kExitUsage : c == ErrorCode::Config ? kExitConfig : kExitError);
    }
    printProvisioned(*done, a);
    return kExitOk;
  };
}

}  // namespace hocso::cli
