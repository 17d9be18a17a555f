// The sign-in pictures (assets/signin-pictures/pictures.toml): simple
// drawings a learner picks at registration and taps to sign in again with
// their birth year and PIN, typing nothing. A picture is not a secret; its
// id is stored with the learner (with a blind index of picture + year).
// The set belongs to the kiosk, not to a content pack: a learner's picture
// must not vanish when a pack is updated. Ids are never reused or renamed.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace hocso::app {

struct SigninPicture {
  std::string id;        // stable, e.g. "trau"
  std::string name_vi;   // shown under the drawing and read aloud, e.g. "Con trâu"
  std::filesystem::path file;  // the PNG
};

// Read once from shareDir()/assets/signin-pictures; empty (with an error
// logged) when the list cannot be read.
const std::vector<SigninPicture>& signinPictures();
const SigninPicture* findSigninPicture(const std::string& id);

}  // namespace hocso::app
