// Specifications of the seeded tiny-image dataset (cpp/data/glyphs.hpp).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "data/glyphs.hpp"

using namespace dp;

namespace {

GlyphData make(int classes = 4, int train = 40, int validation = 60, float noise = 0.1f, uint64_t seed = 1) {
  GlyphSpec s;
  s.classes = classes, s.train = train, s.validation = validation, s.noise = noise, s.seed = seed;
  REQUIRE(validate_glyph_spec(s) == "");
  return make_glyphs(s);
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

// FNV-1a over the bytes of every image and label: one number that names the data exactly.
uint64_t fingerprint(const GlyphData& d) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (const GlyphSet* s : {&d.train, &d.validation})
    for (const std::vector<float>* v : {&s->x, &s->y}) {
      const unsigned char* p = reinterpret_cast<const unsigned char*>(v->data());
      for (size_t i = 0; i < v->size() * sizeof(float); ++i) h = (h ^ p[i]) * 0x100000001b3ull;
    }
  return h;
}

}  // namespace

TEST_CASE("glyph images have the advertised shape, range and balanced labels") {
  for (int classes = 2; classes <= kGlyphClasses; ++classes) {
    CAPTURE(classes);
    const GlyphData d = make(classes, 5 * classes + 1, 31, 0.3f);
    CHECK(d.side == 12);
    CHECK(d.classes == classes);
    for (const GlyphSet* s : {&d.train, &d.validation}) {
      CHECK(s->x.size() == static_cast<size_t>(s->count) * 12 * 12);
      CHECK(s->y.size() == static_cast<size_t>(s->count));
      CHECK(s->poses.size() == static_cast<size_t>(s->count));
      std::vector<int> per_class(classes, 0);
      for (int i = 0; i < s->count; ++i) {
        CHECK(s->y[i] == static_cast<float>(i % classes));
        ++per_class[static_cast<int>(s->y[i])];
      }
      for (int k : per_class) CHECK(k >= s->count / classes);  // balanced: counts differ by at most one
      bool in_range = true;
      for (float v : s->x) in_range &= v >= 0.0f && v <= 1.0f;
      CHECK(in_range);
    }
  }
  CHECK(glyph_names().size() == static_cast<size_t>(kGlyphClasses));
}

TEST_CASE("the same spec gives bit-identical images, natively and in wasm") {
  const GlyphData a = make(), b = make();
  CHECK(same_bits(a.train.x, b.train.x));
  CHECK(same_bits(a.validation.x, b.validation.x));
  CHECK(fingerprint(a) == fingerprint(b));
  CHECK(fingerprint(make(4, 40, 60, 0.1f, 2)) != fingerprint(a));
  // A fixed fingerprint, the same in the native and the wasm build of this test.
  CHECK(fingerprint(a) == 4511321551610126066ull);
}

TEST_CASE("noise 0 gives the clean glyph at its pose, and noise moves only the pixels") {
  const GlyphData clean = make(6, 30, 30, 0.0f), noisy = make(6, 30, 30, 0.4f);
  std::vector<float> glyph(144);
  double moved = 0.0;
  for (const auto& [c, n] : {std::pair{&clean.train, &noisy.train}, std::pair{&clean.validation, &noisy.validation}})
    for (int i = 0; i < c->count; ++i) {
      render_glyph(static_cast<int>(c->y[i]), c->poses[i], 12, glyph.data());
      CHECK(std::memcmp(glyph.data(), &c->x[i * 144], sizeof(float) * 144) == 0);
      CHECK(n->poses[i].dx == c->poses[i].dx);  // same poses at another noise level
      CHECK(n->poses[i].stroke == c->poses[i].stroke);
      for (int p = 0; p < 144; ++p) moved += std::fabs(n->x[i * 144 + p] - c->x[i * 144 + p]);
    }
  CHECK(moved / (60 * 144) > 0.1);  // E|N(0, 0.4)| = 0.32 before clamping to [0, 1]
  // A clean image has strokes (pixels at least half inked) on a blank ground.
  for (int i = 0; i < clean.train.count; ++i) {
    int ink = 0, blank = 0;
    for (int p = 0; p < 144; ++p)
      ink += clean.train.x[i * 144 + p] >= 0.5f, blank += clean.train.x[i * 144 + p] == 0.0f;
    CHECK(ink >= 4);
    CHECK(blank >= 60);
  }
}

TEST_CASE("the splits come from separate streams") {
  const GlyphData a = make(4, 40, 60), b = make(4, 40, 200), c = make(4, 80, 60);
  CHECK(same_bits(a.train.x, b.train.x));  // more validation images: the same training images
  CHECK(same_bits(a.validation.x, c.validation.x));
  CHECK(std::memcmp(a.train.x.data(), c.train.x.data(), sizeof(float) * a.train.x.size()) == 0);  // a prefix
  CHECK(!same_bits(a.train.x, std::vector<float>(a.validation.x.begin(), a.validation.x.begin() + a.train.x.size())));
}

TEST_CASE("validate_glyph_spec names the offending value") {
  GlyphSpec s;
  CHECK(validate_glyph_spec(s) == "");
  s.classes = 7;
  CHECK(validate_glyph_spec(s) == "classes must be between 2 and 6, got 7");
  s = GlyphSpec{};
  s.side = 4;
  CHECK(validate_glyph_spec(s) == "the image side must be between 8 and 32, got 4");
  s = GlyphSpec{};
  s.train = 3;
  CHECK(validate_glyph_spec(s) == "training images must be between 4 and 5000, got 3");
  s = GlyphSpec{};
  s.noise = std::nanf("");
  CHECK(validate_glyph_spec(s) == "noise must be between 0 and 1, got nan");
}
