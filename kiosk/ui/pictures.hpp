// Pictures of the content pack (lesson illustrations, scenario screens):
// PNG/JPEG bytes from the pack's store, decoded once with SDL_image into
// renderer textures and kept while the same pack is loaded; and picture
// files (the sign-in pictures), kept for the whole run. The frame loop owns
// the one cache (Platform::pictures) and clears it before the renderer goes.
#pragma once

#include <SDL.h>
#include <imgui.h>

#include <filesystem>
#include <map>
#include <string>

#include "content/model.hpp"

namespace hocso::ui {

struct Picture {
  SDL_Texture* texture = nullptr;  // null: missing or unreadable (a message is drawn instead)
  int width = 0, height = 0;
};

class PictureCache {
 public:
  ~PictureCache();
  void setRenderer(SDL_Renderer* renderer) { renderer_ = renderer; }
  SDL_Renderer* renderer() const { return renderer_; }
  const Picture& get(const content::Pack& pack, const std::string& path);
  // A picture file's texture (null: unreadable, or no renderer yet).
  SDL_Texture* file(const std::filesystem::path& path);
  void clear();

 private:
  SDL_Renderer* renderer_ = nullptr;
  std::string packKey_;
  std::map<std::string, Picture> cache_;
  std::map<std::filesystem::path, SDL_Texture*> files_;
  void clearPack();
};

// The size `path` takes when drawn to fit `max` (never larger than the
// picture itself times `upscale`); zero when it cannot be shown.
ImVec2 fitPicture(const Picture& picture, ImVec2 max, float upscale);

// Draws the picture at the cursor, fitted into `max`; returns its rectangle
// size. A missing picture draws a short notice in its place.
ImVec2 drawPicture(PictureCache& pictures, const content::Pack& pack, const std::string& path, ImVec2 max,
                   float upscale = 1.5f);

}  // namespace hocso::ui
