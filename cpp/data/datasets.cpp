#include "data/datasets.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "kernels/rng.hpp"

namespace dp {
namespace {

constexpr float kPi = 3.14159265358979f;
constexpr float kHalfBox = 6.0f;  // 2-D sets are drawn in [-6,6]^2, as in TensorFlow playground
constexpr int kMinPoints = 4;     // two per split, so each split can hold both binary classes
constexpr int kMaxPoints = 5000;
constexpr float kMinValidation = 0.1f;
constexpr float kMaxValidation = 0.9f;
constexpr float kSineHalfRange = 3.0f;  // sine's inputs lie in [-3,3]

// Labels of the streams inside kStreamData; the dataset's name is the other label.
enum Purpose : uint64_t { kPurposeUniform = 1, kPurposeNormal = 2, kPurposeShuffle = 3 };

// FNV-1a: a stable id per dataset name, so "circle" and "xor" with the same
// seed draw from unrelated streams, and reordering the name list changes nothing.
uint64_t name_id(const std::string& name) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : name) h = (h ^ c) * 0x100000001b3ull;
  return h;
}

// Sequential draws for one dataset. Uniform and normal numbers use separate
// keys because normal01(key, i) consumes the counters 2i and 2i+1.
class Draws {
 public:
  Draws(uint64_t seed, uint64_t id)
      : uniform_key_(stream_key(seed, kStreamData, id, kPurposeUniform)),
        normal_key_(stream_key(seed, kStreamData, id, kPurposeNormal)) {}
  float uniform(float lo, float hi) { return lo + (hi - lo) * uniform01(uniform_key_, uniform_next_++); }
  float normal() { return normal01(normal_key_, normal_next_++); }

 private:
  uint64_t uniform_key_, normal_key_;
  uint32_t uniform_next_ = 0, normal_next_ = 0;
};

// Trig in double, rounded to float: float sinf/cosf differ in the last bit
// between glibc (native) and musl (wasm), while the double results agree once
// rounded, so a seed draws the same dataset in the browser and in the tests.
float sin_f(float a) { return static_cast<float>(std::sin(static_cast<double>(a))); }
float cos_f(float a) { return static_cast<float>(std::cos(static_cast<double>(a))); }

// Jitter can push a point past the frame; reflect it back instead of clamping
// so no points pile up on the edge, and moving the noise slider moves points smoothly.
float fold_into_box(float v) {
  if (v > kHalfBox) v = 2.0f * kHalfBox - v;
  if (v < -kHalfBox) v = -2.0f * kHalfBox - v;
  return std::clamp(v, -kHalfBox, kHalfBox);  // only a jitter wider than the whole box gets here
}

// One point: x is (inputs), y the label or target. The class of point i is
// i % classes, so classes are balanced and interleaved in generation order.
// Each generator uses a fixed number of draws per point, so the same seed at
// a different noise level gives the same points, only jittered more or less.
using PointFn = void (*)(Draws& d, int i, float noise, float* x, float& y);

// Label 1: a disk of radius 2.5. Label 0: a ring from 3.5 to 5. Noise jitters
// positions (sd up to 1) so the classes spill across the gap between them.
void circle_point(Draws& d, int i, float noise, float* x, float& y) {
  const int label = i % 2;
  const float u = d.uniform(0.0f, 1.0f), angle = d.uniform(0.0f, 2.0f * kPi);
  // sqrt spreads points evenly over the area instead of crowding the centre.
  const float r = label == 1 ? 2.5f * std::sqrt(u) : std::sqrt(3.5f * 3.5f + u * (5.0f * 5.0f - 3.5f * 3.5f));
  const float sd = 1.0f * noise;
  x[0] = fold_into_box(r * cos_f(angle) + sd * d.normal());
  x[1] = fold_into_box(r * sin_f(angle) + sd * d.normal());
  y = static_cast<float>(label);
}

// Label 1 where x1*x2 > 0 (first and third quadrants). Points keep 0.3 away
// from the axes; noise (sd up to 1) carries some across an axis.
void xor_point(Draws& d, int i, float noise, float* x, float& y) {
  const int label = i % 2;
  const float sx = d.uniform(0.0f, 1.0f) < 0.5f ? -1.0f : 1.0f;
  const float sy = label == 1 ? sx : -sx;
  const float ax = d.uniform(0.3f, 5.0f), ay = d.uniform(0.3f, 5.0f);
  const float sd = 1.0f * noise;
  x[0] = fold_into_box(sx * ax + sd * d.normal());
  x[1] = fold_into_box(sy * ay + sd * d.normal());
  y = static_cast<float>(label);
}

// Label 1 around (2,2), label 0 around (-2,-2). The spread grows from 0.5
// (cleanly separable) to 2 (heavily overlapping) with the noise.
void gaussians_point(Draws& d, int i, float noise, float* x, float& y) {
  const int label = i % 2;
  const float c = label == 1 ? 2.0f : -2.0f;
  const float sd = 0.5f + 1.5f * noise;
  x[0] = fold_into_box(c + sd * d.normal());
  x[1] = fold_into_box(c + sd * d.normal());
  y = static_cast<float>(label);
}

// Two arms of 1.75 turns out to radius 5, the second rotated by pi (label 0).
// Neighbouring arms are ~1.4 apart; noise (sd up to 0.6) blurs them together.
void spiral_point(Draws& d, int i, float noise, float* x, float& y) {
  const int label = i % 2;
  const float s = d.uniform(0.0f, 1.0f);  // position along the arm, 0 = centre
  const float r = 5.0f * s;
  const float t = 1.75f * 2.0f * kPi * s + (label == 1 ? 0.0f : kPi);
  const float sd = 0.6f * noise;
  x[0] = fold_into_box(r * sin_f(t) + sd * d.normal());
  x[1] = fold_into_box(r * cos_f(t) + sd * d.normal());
  y = static_cast<float>(label);
}

// scikit-learn's make_moons: label 0 on the upper unit half circle around
// (0,0), label 1 on the lower one around (1,0.5). Noise (sd up to 0.6 in
// moon units, so noise 0.5 is scikit-learn's noisy 0.3) is added there; then the pair is centred and scaled by 2.5,
// so it spans about [-3.75,3.75] x [-1.9,1.9].
void moons_point(Draws& d, int i, float noise, float* x, float& y) {
  const int label = i % 2;
  const float t = d.uniform(0.0f, kPi);
  const float mx = label == 0 ? cos_f(t) : 1.0f - cos_f(t);
  const float my = label == 0 ? sin_f(t) : 0.5f - sin_f(t);
  const float sd = 0.6f * noise;
  x[0] = fold_into_box(2.5f * (mx + sd * d.normal() - 0.5f));
  x[1] = fold_into_box(2.5f * (my + sd * d.normal() - 0.25f));
  y = static_cast<float>(label);
}

// Three classes around points 3.5 from the origin at 90, 210 and 330 degrees
// (about 6 apart). Spread 0.5 to 2, as for gaussians.
void blobs3_point(Draws& d, int i, float noise, float* x, float& y) {
  const int label = i % 3;
  const float angle = kPi / 2.0f + static_cast<float>(label) * 2.0f * kPi / 3.0f;
  const float sd = 0.5f + 1.5f * noise;
  x[0] = fold_into_box(3.5f * cos_f(angle) + sd * d.normal());
  x[1] = fold_into_box(3.5f * sin_f(angle) + sd * d.normal());
  y = static_cast<float>(label);
}

// y = sin(x) + noise * N(0,1) on x in [-3,3]: a smooth curve a wide net can
// overfit by threading through every noisy point.
void sine_point(Draws& d, int, float noise, float* x, float& y) {
  x[0] = d.uniform(-kSineHalfRange, kSineHalfRange);
  y = sin_f(x[0]) + noise * d.normal();
}

// y = 0.25*x1 - 0.15*x2 + 0.5 + noise * 0.5 * N(0,1) on [-5,5]^2: a plane a
// single linear unit can fit, so any hidden layer is extra capacity.
void plane_point(Draws& d, int, float noise, float* x, float& y) {
  x[0] = d.uniform(-5.0f, 5.0f);
  x[1] = d.uniform(-5.0f, 5.0f);
  y = 0.25f * x[0] - 0.15f * x[1] + 0.5f + 0.5f * noise * d.normal();
}

// The lesson's Keras example: 20 features, all N(0,1), of which only the
// first four decide the class, through f(z) = z1 + sin(1.5*z2) + z3*z4 (1-based
// as on the page: a linear, a nonlinear and an interacting pair). The class of
// point i is i % 2 (balanced); when the drawn features have the other sign of
// f, z1, z2 and z3 are negated, which negates f and keeps every feature N(0,1).
// Noise (sd up to 1) then jitters the four informative features, so some
// points look like the other class; the 16 noise features carry nothing.
// 24 normals per point.
constexpr int kTabularInputs = 20;
constexpr int kTabularInformative = 4;
float tabular_rule(const float* z) { return z[0] + sin_f(1.5f * z[1]) + z[2] * z[3]; }
void tabular_point(Draws& d, int i, float noise, float* x, float& y) {
  const int label = i % 2;
  for (int k = 0; k < kTabularInputs; ++k) x[k] = d.normal();
  if ((tabular_rule(x) > 0.0f) != (label == 1)) x[0] = -x[0], x[1] = -x[1], x[2] = -x[2];
  for (int k = 0; k < kTabularInformative; ++k) x[k] = fold_into_box(x[k] + noise * d.normal());
  for (int k = kTabularInformative; k < kTabularInputs; ++k) x[k] = fold_into_box(x[k]);
  y = static_cast<float>(label);
}

struct Recipe {
  const char* name;
  Task task;
  int inputs;
  int classes;  // 0 unless multiclass
  int default_points;
  PointFn point;
};

// The one list of datasets; dataset_names() and the error messages follow its order.
constexpr Recipe kRecipes[] = {
    {"circle", Task::Binary, 2, 0, 200, circle_point},
    {"xor", Task::Binary, 2, 0, 200, xor_point},
    {"gaussians", Task::Binary, 2, 0, 200, gaussians_point},
    {"spiral", Task::Binary, 2, 0, 200, spiral_point},
    {"moons", Task::Binary, 2, 0, 200, moons_point},
    {"blobs3", Task::Multiclass, 2, 3, 200, blobs3_point},
    {"sine", Task::Regression, 1, 0, 30, sine_point},
    {"plane", Task::Regression, 2, 0, 200, plane_point},
    {"tabular20", Task::Binary, kTabularInputs, 0, 200, tabular_point},
};

const Recipe* find_recipe(const std::string& name) {
  for (const Recipe& r : kRecipes)
    if (name == r.name) return &r;
  return nullptr;
}

// %g: 6 significant digits, so 0.95f prints as 0.95 and NaN as nan (no iostreams: they bloat the wasm).
std::string fmt(float v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", static_cast<double>(v));
  return buf;
}

// Fisher-Yates over whole rows. x is (count, inputs), y is (count).
void shuffle_rows(Split& s, int inputs, uint64_t key, uint32_t& counter) {
  for (int i = s.count - 1; i > 0; --i) {
    const int j = std::min(static_cast<int>(uniform01(key, counter++) * static_cast<float>(i + 1)), i);
    std::swap(s.y[i], s.y[j]);
    for (int k = 0; k < inputs; ++k) std::swap(s.x[i * inputs + k], s.x[j * inputs + k]);
  }
}

// Rows [first, first+count) of the generated points. x is (n, inputs), y is (n).
Split take_rows(const std::vector<float>& x, const std::vector<float>& y, int inputs, int first, int count) {
  Split s;
  s.count = count;
  s.x.assign(x.begin() + first * inputs, x.begin() + (first + count) * inputs);
  s.y.assign(y.begin() + first, y.begin() + first + count);
  return s;
}

}  // namespace

const std::vector<std::string>& dataset_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const Recipe& r : kRecipes) v.emplace_back(r.name);
    return v;
  }();
  return names;
}

int default_points(const std::string& name) {
  const Recipe* r = find_recipe(name);
  return r ? r->default_points : 200;
}

std::string validate_dataset_spec(const DatasetSpec& spec) {
  if (!find_recipe(spec.name)) {
    std::string list;
    for (const std::string& n : dataset_names()) list += (list.empty() ? "" : ", ") + n;
    return "unknown dataset '" + spec.name + "'; choose one of " + list;
  }
  if (spec.points < kMinPoints || spec.points > kMaxPoints)
    return "points must be between " + std::to_string(kMinPoints) + " and " + std::to_string(kMaxPoints) + ", got " +
           std::to_string(spec.points);
  // Written as !(in range) so NaN fails too.
  if (!(spec.noise >= 0.0f && spec.noise <= 1.0f)) return "noise must be between 0 and 1, got " + fmt(spec.noise);
  if (!(spec.validation >= kMinValidation && spec.validation <= kMaxValidation))
    return "validation fraction must be between " + fmt(kMinValidation) + " and " + fmt(kMaxValidation) + ", got " +
           fmt(spec.validation);
  return "";
}

Dataset make_dataset(const DatasetSpec& spec) {
  const Recipe& r = *find_recipe(spec.name);
  const int n = spec.points, in = r.inputs;
  const uint64_t id = name_id(spec.name);

  // All points in generation order: x is (n, in), y is (n).
  std::vector<float> x(static_cast<size_t>(n) * in), y(n);
  Draws draws(spec.seed, id);
  for (int i = 0; i < n; ++i) r.point(draws, i, spec.noise, &x[static_cast<size_t>(i) * in], y[i]);

  // Points are independent draws, so taking the first ones for validation is
  // already a random split; because classes are interleaved (i % classes) it
  // is also stratified: each split holds every class once it has that many points.
  const long rounded = std::lround(static_cast<double>(n) * spec.validation);
  const int n_val = static_cast<int>(std::clamp(rounded, 1L, static_cast<long>(n - 1)));

  Dataset d;
  d.name = r.name;
  d.task = r.task;
  d.inputs = in;
  d.classes = r.classes;
  d.outputs = r.task == Task::Multiclass ? r.classes : 1;
  d.validation = take_rows(x, y, in, 0, n_val);
  d.train = take_rows(x, y, in, n_val, n - n_val);

  // Shuffle within each split so labels do not alternate 0,1,0,1 in storage order.
  const uint64_t shuffle_key = stream_key(spec.seed, kStreamData, id, kPurposeShuffle);
  uint32_t counter = 0;
  shuffle_rows(d.train, in, shuffle_key, counter);
  shuffle_rows(d.validation, in, shuffle_key, counter);

  if (r.inputs >= 2) {
    // 2-D: the plane the page draws. tabular20: the range of every feature.
    d.box = {-kHalfBox, kHalfBox, -kHalfBox, kHalfBox};
  } else {
    // 1-D: x spans the input range, y the targets plus 10% margin (at least 0.1).
    const auto [lo, hi] = std::minmax_element(y.begin(), y.end());
    const float margin = std::max(0.1f * (*hi - *lo), 0.1f);
    d.box = {-kSineHalfRange, kSineHalfRange, *lo - margin, *hi + margin};
  }
  return d;
}

}  // namespace dp
