// png_stats FILE: prints "WIDTHxHEIGHT colors=N ink=P" for a screenshot and
// the most common (background) colour, and exits 1 when it looks blank (too few colours or almost no non-background
// pixels). png_stats FILE --count RRGGBB prints how many pixels have that colour. Used by the UI tests.
#include <SDL.h>
#include <SDL_image.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <map>
#include <unordered_set>

int main(int argc, char** argv) {
  const bool counting = argc == 4 && std::string(argv[2]) == "--count";
  if (argc != 2 && !counting) {
    std::fprintf(stderr, "usage: png_stats FILE.png [--count RRGGBB]\n");
    return 2;
  }
  SDL_Surface* loaded = IMG_Load(argv[1]);
  if (!loaded) {
    std::fprintf(stderr, "cannot read %s: %s\n", argv[1], IMG_GetError());
    return 2;
  }
  SDL_Surface* s = SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_ABGR8888, 0);
  SDL_FreeSurface(loaded);
  std::unordered_set<Uint32> colors;
  std::map<Uint32, long> counts;
  const long total = static_cast<long>(s->w) * s->h;
  for (int y = 0; y < s->h; ++y) {
    const auto* row = reinterpret_cast<const Uint32*>(static_cast<const Uint8*>(s->pixels) + y * s->pitch);
    for (int x = 0; x < s->w; ++x) {
      colors.insert(row[x]);
      ++counts[row[x]];
    }
  }
  long background = 0;
  Uint32 bgColor = 0;
  for (const auto& [c, n] : counts)
    if (n > background) background = n, bgColor = c;
  const double ink = total ? 1.0 - static_cast<double>(background) / static_cast<double>(total) : 0.0;
  if (counting) {
    const unsigned long rgb = std::strtoul(argv[3], nullptr, 16);
    const Uint32 want = 0xFF000000u | static_cast<Uint32>(((rgb >> 16) & 0xFF) | (rgb & 0xFF00) | ((rgb & 0xFF) << 16));
    std::printf("%ld\n", counts.count(want) ? counts[want] : 0L);
    SDL_FreeSurface(s);
    return 0;
  }
  // ABGR8888 in memory order R, G, B, A on little-endian: print as RRGGBB.
  std::printf("%dx%d colors=%zu ink=%.4f bg=%02x%02x%02x\n", s->w, s->h, colors.size(), ink, bgColor & 0xFF,
              (bgColor >> 8) & 0xFF, (bgColor >> 16) & 0xFF);
  SDL_FreeSurface(s);
  return (colors.size() >= 16 && ink >= 0.01) ? 0 : 1;
}
