// Seeded tiny grey images for the convolutional network: glyphs (plus, cross, square,
// circle, triangle, ell) drawn as anti-aliased strokes with a random shift, size and
// stroke width, plus pixel noise. Few training images, so a plain CNN overfits.
// Every number comes from the counter-based generator (kernels/rng.hpp); the drawing
// uses only + - * / and sqrt (exactly rounded in IEEE arithmetic, no float trig) and the
// noise is rng.hpp's normal01 (Box-Muller in double, rounded to float, as datasets.cpp
// relies on), so a spec names one bit-identical dataset natively and in wasm.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace dp {

struct GlyphSpec {
  int side = 12;         // images are side x side x 1: 8...32
  int classes = 4;       // the first `classes` glyphs: 2...6
  int train = 40;        // training images: classes...5000
  int validation = 400;  // validation images: 0...5000
  float noise = 0.1f;    // standard deviation of the pixel noise, 0...1 (0 = the clean glyph)
  uint64_t seed = 1;
};

// Where and how a glyph is drawn, in pixels: its centre's shift from the image centre,
// its half size (the glyph's unit square [-1,1]^2 maps to +-half_size) and stroke width.
struct GlyphPose {
  float dx = 0.0f, dy = 0.0f, half_size = 4.0f, stroke = 1.0f;
};

struct GlyphSet {
  std::vector<float> x;  // (count, side, side, 1): grey levels in [0, 1], row-major, 1 = ink
  std::vector<float> y;  // (count): image i has class i % classes, so the classes are balanced
  std::vector<GlyphPose> poses;
  int count = 0;
};

struct GlyphData {
  int side = 12, classes = 4;
  GlyphSet train, validation;
};

inline constexpr int kGlyphClasses = 6;
// "plus", "cross", "square", "circle", "triangle", "ell": the class names, in order.
const std::vector<std::string>& glyph_names();

// "" when the spec can be generated, else a message a learner understands.
std::string validate_glyph_spec(const GlyphSpec& spec);

// Precondition: validate_glyph_spec(spec) is "". The same spec always gives the same
// images bit for bit; the training and validation images come from separate streams,
// so changing one split's size leaves the other's images as they were, and the noise
// from its own stream, so the same seed at another noise level has the same poses.
GlyphData make_glyphs(const GlyphSpec& spec);

// The clean glyph of class cls at `pose` into out (side x side): a pixel at distance d
// (pixels) from the stroke's centre line gets clamp(stroke/2 + 1/2 - d, 0, 1), about the
// part of the pixel the stroke covers (a cheap anti-aliasing).
void render_glyph(int cls, const GlyphPose& pose, int side, float* out);

}  // namespace dp
