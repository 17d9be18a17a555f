// On-screen input for people without a physical keyboard: a Vietnamese
// letter keyboard (Telex or VNI through input::Composer) and a digit pad.
// Physical keys typed while a field is active go through the same composer.
#pragma once

#include <string>

#include "vietnamese_input.hpp"

namespace hocso::ui {

struct UiContext;

// A text field drawn as a large box; returns true when tapped (to activate it).
bool fieldBox(const char* id, const std::string& text, bool active, float width);

// Feeds this frame's physical typing (characters, Backspace) into `composer`
// and removes it from ImGui's queue. Call once per frame for the active field.
void takePhysicalTyping(input::Composer& composer);
void takePhysicalDigits(std::string& digits, size_t maxLength);

// Draws the letter keyboard; keys go to `composer`. `shift` is one-shot.
void letterKeyboard(input::Composer& composer, bool& shift);
// Draws a 0–9 pad with backspace; digits go to `digits`.
void digitPad(std::string& digits, size_t maxLength);

}  // namespace hocso::ui
