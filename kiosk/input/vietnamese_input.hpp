// Vietnamese typing without a Vietnamese keyboard: Telex ("Nguyeenx" →
// "Nguyễn") and VNI ("Nguye6n4" → "Nguyễn"). Each word is recomposed from
// the raw keys typed so far, so backspace and corrections stay simple.
#pragma once

#include <string>

namespace hocso::input {

enum class Method { Telex, Vni };

// Composes one word from its raw keystrokes (ASCII). Non-letters pass through.
std::string composeWord(const std::string& raw, Method method);

// A text field fed key by key: committed text plus the word being typed.
class Composer {
 public:
  explicit Composer(Method method = Method::Telex) : method_(method) {}
  void setMethod(Method m) { method_ = m; }
  Method method() const { return method_; }
  // A printable ASCII key (letters, digits, space, punctuation).
  void key(char c);
  void backspace();
  void clear();
  void setText(const std::string& text);
  // The text as it should be shown (NFC UTF-8).
  std::string text() const { return committed_ + composeWord(raw_, method_); }

 private:
  Method method_;
  std::string committed_;  // finished words (UTF-8)
  std::string raw_;        // keys of the current word
};

}  // namespace hocso::input
