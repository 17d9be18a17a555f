// What the small shared widgets (bigButton, wrappedText, the keys, the icon
// buttons…) need besides their arguments, which the screens do not pass to
// each call: the probe that records what they draw and the bold face
// (Platform), and the theme (DisplaySettings::high_contrast). The frame loop
// owns those parts and attaches them to the Dear ImGui context it owns
// (ImGuiIO::UserData, where Dear ImGui's own backends keep theirs); none of
// it is static. Screens, which have the UiContext, use its parts directly.
#pragma once

namespace hocso::ui {

struct Platform;
struct DisplaySettings;
class Probe;

struct WidgetContext {
  Platform* platform = nullptr;
  const DisplaySettings* display = nullptr;
};

// Attaches `context` to the current Dear ImGui context (nullptr: detaches).
void attachWidgetContext(WidgetContext* context);
// The one attached to the current Dear ImGui context (there must be one).
WidgetContext& widgetContext();
// Its platform's probe, for widgets that take no context.
Probe& widgetProbe();

}  // namespace hocso::ui
