// signinPictures: pictures.toml parsed once ([[picture]] id, name, file).
#include "signin_pictures.hpp"

#include <spdlog/spdlog.h>

#include <toml++/toml.h>

#include "base/paths.hpp"

namespace hocso::app {

const std::vector<SigninPicture>& signinPictures() {
  static const std::vector<SigninPicture> list = [] {
    std::vector<SigninPicture> out;
    const auto dir = shareDir() / "assets" / "signin-pictures";
    try {
      const auto doc = toml::parse_file((dir / "pictures.toml").string());
      if (const auto* arr = doc["picture"].as_array()) {
        for (const auto& node : *arr) {
          const auto* t = node.as_table();
          if (!t) continue;
          SigninPicture p;
          p.id = (*t)["id"].value_or(std::string());
          p.name_vi = (*t)["name"].value_or(std::string());
          p.file = dir / (*t)["file"].value_or(p.id + ".png");
          if (p.id.empty() || p.name_vi.empty()) {
            spdlog::error("sign-in pictures: an entry without id or name in {}", (dir / "pictures.toml").string());
            continue;
          }
          out.push_back(std::move(p));
        }
      }
    } catch (const toml::parse_error& e) {
      spdlog::error("sign-in pictures: {} cannot be read: {}", (dir / "pictures.toml").string(), e.what());
    }
    return out;
  }();
  return list;
}

const SigninPicture* findSigninPicture(const std::string& id) {
  for (const auto& p : signinPictures())
    if (p.id == id) return &p;
  return nullptr;
}

}  // namespace hocso::app
