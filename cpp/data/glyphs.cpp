#include "data/glyphs.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "kernels/rng.hpp"

namespace dp {
namespace {

constexpr int kMinSide = 8, kMaxSide = 32, kMaxImages = 5000;
constexpr uint64_t kGlyphStream = 0x676c79706873ull;  // "glyphs": the label inside kStreamData
enum Purpose : uint64_t { kPurposePose = 1, kPurposeNoise = 2 };

// A glyph is strokes in its unit square [-1,1]^2 (y down): line segments, or a ring.
struct Segment {
  float x0, y0, x1, y1;
};
struct Shape {
  Segment segments[4];
  int count;  // segments used; 0 = the ring of radius kRing
};
constexpr float kRing = 0.8f;
constexpr Shape kShapes[kGlyphClasses] = {
    {{{-1, 0, 1, 0}, {0, -1, 0, 1}}, 2},                            // plus
    {{{-0.8f, -0.8f, 0.8f, 0.8f}, {-0.8f, 0.8f, 0.8f, -0.8f}}, 2},  // cross
    {{{-0.8f, -0.8f, 0.8f, -0.8f},
      {0.8f, -0.8f, 0.8f, 0.8f},
      {0.8f, 0.8f, -0.8f, 0.8f},  // square
      {-0.8f, 0.8f, -0.8f, -0.8f}},
     4},
    {{}, 0},                                                                            // circle
    {{{0, -0.9f, 0.9f, 0.8f}, {0.9f, 0.8f, -0.9f, 0.8f}, {-0.9f, 0.8f, 0, -0.9f}}, 3},  // triangle
    {{{-0.6f, -1, -0.6f, 0.8f}, {-0.6f, 0.8f, 0.8f, 0.8f}}, 2},                         // ell
};

float segment_distance(const Segment& s, float u, float v) {
  const float ex = s.x1 - s.x0, ey = s.y1 - s.y0;
  const float t = std::clamp(((u - s.x0) * ex + (v - s.y0) * ey) / (ex * ex + ey * ey), 0.0f, 1.0f);
  const float px = s.x0 + t * ex - u, py = s.y0 + t * ey - v;
  return std::sqrt(px * px + py * py);
}

// Distance from (u, v) to the glyph's strokes, in unit-square units.
float shape_distance(const Shape& shape, float u, float v) {
  if (shape.count == 0) return std::fabs(std::sqrt(u * u + v * v) - kRing);
  float d = segment_distance(shape.segments[0], u, v);
  for (int i = 1; i < shape.count; ++i) d = std::min(d, segment_distance(shape.segments[i], u, v));
  return d;
}

std::string count_error(const char* what, int v, int lo, int hi) {
  if (v >= lo && v <= hi) return "";
  return std::string(what) + " must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got " +
         std::to_string(v);
}

// count images of one split (0 training, 1 validation): poses, clean glyphs, then noise.
GlyphSet make_split(const GlyphSpec& spec, int split, int count) {
  GlyphSet set;
  set.count = count;
  const int pixels = spec.side * spec.side;
  set.x.resize(static_cast<size_t>(count) * pixels);
  set.y.resize(count);
  set.poses.resize(count);
  const uint64_t pose_key = stream_key(spec.seed, kStreamData, kGlyphStream, 4 * split + kPurposePose);
  const uint64_t noise_key = stream_key(spec.seed, kStreamData, kGlyphStream, 4 * split + kPurposeNoise);
  const float unit = static_cast<float>(spec.side) / 12.0f;  // the ranges below are for 12x12 images
  for (int i = 0; i < count; ++i) {
    auto uniform = [&](int j, float lo, float hi) {
      return lo + (hi - lo) * uniform01(pose_key, static_cast<uint32_t>(4 * i + j));
    };
    GlyphPose& p = set.poses[i];
    p.dx = uniform(0, -1.5f, 1.5f) * unit;
    p.dy = uniform(1, -1.5f, 1.5f) * unit;
    p.half_size = uniform(2, 3.0f, 4.3f) * unit;
    p.stroke = uniform(3, 0.9f, 1.8f) * unit;
    set.y[i] = static_cast<float>(i % spec.classes);
    float* image = &set.x[static_cast<size_t>(i) * pixels];
    render_glyph(i % spec.classes, p, spec.side, image);
    if (spec.noise > 0.0f)
      for (int q = 0; q < pixels; ++q) {
        const float n = normal01(noise_key, static_cast<uint32_t>(i) * static_cast<uint32_t>(pixels) + q);
        image[q] = std::clamp(image[q] + spec.noise * n, 0.0f, 1.0f);
      }
  }
  return set;
}

}  // namespace

const std::vector<std::string>& glyph_names() {
  static const std::vector<std::string> names = {"plus", "cross", "square", "circle", "triangle", "ell"};
  return names;
}

std::string validate_glyph_spec(const GlyphSpec& spec) {
  for (const std::string& e : {count_error("the image side", spec.side, kMinSide, kMaxSide),
                               count_error("classes", spec.classes, 2, kGlyphClasses),
                               count_error("training images", spec.train, spec.classes, kMaxImages),
                               count_error("validation images", spec.validation, 0, kMaxImages)})
    if (!e.empty()) return e;
  if (!(spec.noise >= 0.0f && spec.noise <= 1.0f)) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "noise must be between 0 and 1, got %g", static_cast<double>(spec.noise));
    return buf;
  }
  return "";
}

GlyphData make_glyphs(const GlyphSpec& spec) {
  GlyphData d;
  d.side = spec.side;
  d.classes = spec.classes;
  d.train = make_split(spec, 0, spec.train);
  d.validation = make_split(spec, 1, spec.validation);
  return d;
}

void render_glyph(int cls, const GlyphPose& pose, int side, float* out) {
  const Shape& shape = kShapes[cls];
  const float cx = 0.5f * static_cast<float>(side) + pose.dx, cy = 0.5f * static_cast<float>(side) + pose.dy;
  for (int py = 0; py < side; ++py)
    for (int px = 0; px < side; ++px) {
      const float u = (static_cast<float>(px) + 0.5f - cx) / pose.half_size;
      const float v = (static_cast<float>(py) + 0.5f - cy) / pose.half_size;
      const float d = shape_distance(shape, u, v) * pose.half_size;  // in pixels
      out[py * side + px] = std::clamp(0.5f * pose.stroke + 0.5f - d, 0.0f, 1.0f);
    }
}

}  // namespace dp
