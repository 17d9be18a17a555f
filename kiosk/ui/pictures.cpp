// PictureCache: SDL_image decoding from memory, textures per pack.
#include "pictures.hpp"

#include <SDL_image.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "content/pack_file.hpp"
#include "i18n.hpp"

namespace hocso::ui {

PictureCache::~PictureCache() { clear(); }

void PictureCache::clearPack() {
  for (auto& [path, p] : cache_)
    if (p.texture) SDL_DestroyTexture(p.texture);
  cache_.clear();
}

void PictureCache::clear() {
  clearPack();
  for (auto& [path, t] : files_)
    if (t) SDL_DestroyTexture(t);
  files_.clear();
}

SDL_Texture* PictureCache::file(const std::filesystem::path& path) {
  if (auto it = files_.find(path); it != files_.end()) return it->second;
  if (!renderer_) return nullptr;
  SDL_Texture*& t = files_[path];
  SDL_Surface* s = IMG_Load(path.string().c_str());
  if (!s) {
    spdlog::warn("picture {} cannot be read: {}", path.string(), IMG_GetError());
    return t;
  }
  t = SDL_CreateTextureFromSurface(renderer_, s);
  SDL_FreeSurface(s);
  return t;
}

const Picture& PictureCache::get(const content::Pack& pack, const std::string& path) {
  const std::string key = pack.info.id + "@" + pack.info.version;
  if (key != packKey_) {
    clearPack();
    packKey_ = key;
  }
  if (auto it = cache_.find(path); it != cache_.end()) return it->second;
  Picture& p = cache_[path];
  if (!renderer_) return p;
  auto bytes = content::packImage(pack, path);
  if (!bytes) {
    spdlog::warn("picture {}: {}", path, bytes.error().message);
    return p;
  }
  SDL_RWops* rw = SDL_RWFromConstMem(bytes->data(), static_cast<int>(bytes->size()));
  SDL_Surface* surface = rw ? IMG_Load_RW(rw, 1) : nullptr;
  if (!surface) {
    spdlog::warn("picture {} cannot be decoded: {}", path, IMG_GetError());
    return p;
  }
  p.texture = SDL_CreateTextureFromSurface(renderer_, surface);
  p.width = surface->w;
  p.height = surface->h;
  SDL_FreeSurface(surface);
  if (!p.texture) spdlog::warn("picture {}: no texture: {}", path, SDL_GetError());
  return p;
}

ImVec2 fitPicture(const Picture& picture, ImVec2 max, float upscale) {
  if (!picture.texture || picture.width <= 0 || picture.height <= 0) return ImVec2(0, 0);
  const float w = static_cast<float>(picture.width), h = static_cast<float>(picture.height);
  const float s = std::min({max.x / w, max.y / h, upscale});
  return ImVec2(w * s, h * s);
}

ImVec2 drawPicture(PictureCache& pictures, const content::Pack& pack, const std::string& path, ImVec2 max,
                   float upscale) {
  const Picture& p = pictures.get(pack, path);
  const ImVec2 size = fitPicture(p, max, upscale);
  if (size.x <= 0) {
    ImGui::TextDisabled("%s", tr("(This picture could not be shown.)"));
    return ImVec2(0, 0);
  }
  ImGui::Image(reinterpret_cast<ImTextureID>(p.texture), size);
  return size;
}

}  // namespace hocso::ui
