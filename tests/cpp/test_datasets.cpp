// Specifications of the seeded toy datasets (cpp/data/datasets.hpp).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "data/datasets.hpp"
#include "dataset_helpers.hpp"
#include "doctest/doctest.h"

using namespace dp;

namespace {

using test_helpers::make;

// A copy of one row of either split: x holds (inputs) values, the rest 0.
// Copies, so `for (Row r : all_rows(make(...)))` never points into a dead temporary.
constexpr int kMaxInputs = 20;  // tabular20
struct Row {
  float x[kMaxInputs] = {};
  float y = 0.0f;
};
std::vector<Row> rows(const Split& s, int inputs) {
  REQUIRE(inputs <= kMaxInputs);
  std::vector<Row> out(s.count);
  for (int i = 0; i < s.count; ++i) {
    for (int k = 0; k < inputs; ++k) out[i].x[k] = s.x[static_cast<size_t>(i) * inputs + k];
    out[i].y = s.y[i];
  }
  return out;
}
std::vector<Row> all_rows(const Dataset& d) {
  std::vector<Row> out = rows(d.train, d.inputs), v = rows(d.validation, d.inputs);
  out.insert(out.end(), v.begin(), v.end());
  return out;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}
bool same_bits(const Dataset& a, const Dataset& b) {
  return same_bits(a.train.x, b.train.x) && same_bits(a.train.y, b.train.y) &&
         same_bits(a.validation.x, b.validation.x) && same_bits(a.validation.y, b.validation.y) && a.box == b.box;
}

std::set<int> labels_of(const Split& s) {
  std::set<int> out;
  for (float y : s.y) out.insert(static_cast<int>(y));
  return out;
}

bool is_classification(const Dataset& d) { return d.task != Task::Regression; }

}  // namespace

TEST_CASE("there are nine named datasets with their default sizes") {
  const std::vector<std::string> expected = {"circle", "xor",  "gaussians", "spiral",   "moons",
                                             "blobs3", "sine", "plane",     "tabular20"};
  CHECK(dataset_names() == expected);
  for (const std::string& name : dataset_names()) {
    CAPTURE(name);
    CHECK(default_points(name) == (name == "sine" ? 30 : 200));
  }
}

TEST_CASE("every dataset has the advertised task and shape") {
  for (const std::string& name : dataset_names()) {
    CAPTURE(name);
    const Dataset d = make(name, 101, 0.3f, 0.3f);
    CHECK(d.name == name);
    if (name == "blobs3") {
      CHECK(d.task == Task::Multiclass);
      CHECK(d.classes == 3);
      CHECK(d.outputs == 3);
    } else if (name == "sine" || name == "plane") {
      CHECK(d.task == Task::Regression);
      CHECK(d.classes == 0);
      CHECK(d.outputs == 1);
    } else {
      CHECK(d.task == Task::Binary);
      CHECK(d.classes == 0);
      CHECK(d.outputs == 1);
    }
    CHECK(d.inputs == (name == "sine" ? 1 : name == "tabular20" ? 20 : 2));
    CHECK(d.train.count + d.validation.count == 101);
    for (const Split* s : {&d.train, &d.validation}) {
      CHECK(s->x.size() == static_cast<size_t>(s->count) * d.inputs);
      CHECK(s->y.size() == static_cast<size_t>(s->count));
      for (float v : s->x) CHECK(std::isfinite(v));
      for (float v : s->y) CHECK(std::isfinite(v));
    }
  }
}

TEST_CASE("the same seed gives a bit-identical dataset, another seed a different one") {
  for (const std::string& name : dataset_names()) {
    CAPTURE(name);
    SUBCASE("same seed") { CHECK(same_bits(make(name, 150, 0.4f, 0.3f, 7), make(name, 150, 0.4f, 0.3f, 7))); }
    SUBCASE("different seed") {
      const Dataset a = make(name, 150, 0.4f, 0.3f, 7), b = make(name, 150, 0.4f, 0.3f, 8);
      CHECK_FALSE(same_bits(a.train.x, b.train.x));
      CHECK_FALSE(same_bits(a.validation.x, b.validation.x));
    }
  }
}

TEST_CASE("labels are valid and every class appears in both splits") {
  for (const std::string& name : dataset_names()) {
    CAPTURE(name);
    const Dataset d = make(name);
    if (d.task == Task::Binary) {
      CHECK(labels_of(d.train) == std::set<int>{0, 1});
      CHECK(labels_of(d.validation) == std::set<int>{0, 1});
    }
    if (d.task == Task::Multiclass) {
      CHECK(labels_of(d.train) == std::set<int>{0, 1, 2});
      CHECK(labels_of(d.validation) == std::set<int>{0, 1, 2});
    }
    if (is_classification(d))
      for (const Row& r : all_rows(d)) CHECK(r.y == std::floor(r.y));  // class indices are whole numbers
  }
  SUBCASE("even the smallest sets are split by class") {
    const Dataset binary = make("xor", 4, 0.2f, 0.5f);
    CHECK(labels_of(binary.train) == std::set<int>{0, 1});
    CHECK(labels_of(binary.validation) == std::set<int>{0, 1});
    const Dataset three = make("blobs3", 6, 0.2f, 0.5f);
    CHECK(labels_of(three.train) == std::set<int>{0, 1, 2});
    CHECK(labels_of(three.validation) == std::set<int>{0, 1, 2});
  }
  SUBCASE("classes are balanced") {
    const Dataset d = make("circle", 200);
    int ones = 0;
    for (const Row& r : all_rows(d)) ones += r.y == 1.0f;
    CHECK(ones == 100);
  }
}

TEST_CASE("every point lies inside the box, even at full noise") {
  for (const std::string& name : dataset_names()) {
    for (float noise : {0.0f, 0.5f, 1.0f}) {
      CAPTURE(name);
      CAPTURE(noise);
      const Dataset d = make(name, 1000, noise);
      const auto& b = d.box;
      CHECK(b[0] < b[1]);
      CHECK(b[2] < b[3]);
      for (const Row& r : all_rows(d)) {
        CHECK(r.x[0] >= b[0]);
        CHECK(r.x[0] <= b[1]);
        if (d.inputs > 2) {  // tabular20: x..y range of the box holds every feature
          for (int k = 0; k < d.inputs; ++k) CHECK((r.x[k] >= b[0] && r.x[k] <= b[1]));
        } else if (d.inputs == 2) {  // the box frames the two inputs
          CHECK(r.x[1] >= b[2]);
          CHECK(r.x[1] <= b[3]);
        } else {  // 1-D: the box's y range frames the targets
          CHECK(r.y > b[2]);
          CHECK(r.y < b[3]);
        }
      }
      if (d.inputs >= 2) CHECK(d.box == std::array<float, 4>{-6.0f, 6.0f, -6.0f, 6.0f});
      if (name == "sine") CHECK(d.box[0] == -3.0f);
      if (name == "sine") CHECK(d.box[1] == 3.0f);
    }
  }
}

TEST_CASE("validation count is round(points * fraction), at least one point in each split") {
  SUBCASE("half of 200") { CHECK(make("circle", 200, 0.2f, 0.5f).validation.count == 100); }
  SUBCASE("30% of 30") { CHECK(make("sine", 30, 0.2f, 0.3f).validation.count == 9); }
  SUBCASE("25% of 10 rounds half up") { CHECK(make("moons", 10, 0.2f, 0.25f).validation.count == 3); }
  SUBCASE("10% of 4 would be 0, so 1") {
    const Dataset d = make("xor", 4, 0.2f, 0.1f);
    CHECK(d.validation.count == 1);
    CHECK(d.train.count == 3);
  }
  SUBCASE("90% of 4 would leave no training point, so 3") {
    const Dataset d = make("plane", 4, 0.2f, 0.9f);
    CHECK(d.validation.count == 3);
    CHECK(d.train.count == 1);
  }
  SUBCASE("for every dataset") {
    for (const std::string& name : dataset_names()) {
      CAPTURE(name);
      const Dataset d = make(name, 77, 0.2f, 0.4f);
      CHECK(d.validation.count == 31);  // 30.8 rounds to 31
      CHECK(d.train.count == 46);
    }
  }
}

TEST_CASE("changing only the validation fraction re-splits the same points") {
  for (const std::string& name : dataset_names()) {
    CAPTURE(name);
    auto sorted_points = [](const Dataset& d) {
      std::vector<std::vector<float>> out;
      for (const Row& r : all_rows(d)) {
        std::vector<float> p(r.x, r.x + d.inputs);
        p.push_back(r.y);
        out.push_back(p);
      }
      std::sort(out.begin(), out.end());
      return out;
    };
    CHECK(sorted_points(make(name, 60, 0.3f, 0.2f)) == sorted_points(make(name, 60, 0.3f, 0.7f)));
  }
}

TEST_CASE("noise changes the data, and a little more noise moves the same points a little") {
  for (const std::string& name : dataset_names()) {
    CAPTURE(name);
    SUBCASE("noise 0 and noise 1 differ") {
      const Dataset clean = make(name, 100, 0.0f), noisy = make(name, 100, 1.0f);
      CHECK_FALSE((same_bits(clean.train.x, noisy.train.x) && same_bits(clean.train.y, noisy.train.y)));
    }
    SUBCASE("noise 0.30 and 0.31 give nearby points with the same labels") {
      const Dataset a = make(name, 100, 0.30f), b = make(name, 100, 0.31f);
      for (size_t i = 0; i < a.train.x.size(); ++i) CHECK(std::fabs(a.train.x[i] - b.train.x[i]) < 0.2f);
      for (size_t i = 0; i < a.train.y.size(); ++i) CHECK(std::fabs(a.train.y[i] - b.train.y[i]) < 0.2f);
    }
  }
}

TEST_CASE("without noise each dataset has its clean shape") {
  const float eps = 1e-4f;
  SUBCASE("circle: every label-1 point is closer to the centre than every label-0 point") {
    float inner_max = 0.0f, outer_min = 1e9f;
    for (const Row& r : all_rows(make("circle", 500, 0.0f))) {
      const float radius = std::hypot(r.x[0], r.x[1]);
      if (r.y == 1.0f)
        inner_max = std::max(inner_max, radius);
      else
        outer_min = std::min(outer_min, radius);
    }
    CHECK(inner_max <= 2.5f + eps);
    CHECK(outer_min >= 3.5f - eps);
    CHECK(outer_min <= 5.0f + eps);
  }
  SUBCASE("xor: label 1 exactly where x1*x2 > 0, away from the axes") {
    for (const Row& r : all_rows(make("xor", 500, 0.0f))) {
      CHECK(r.y == (r.x[0] * r.x[1] > 0.0f ? 1.0f : 0.0f));
      CHECK(std::fabs(r.x[0]) >= 0.3f - eps);
      CHECK(std::fabs(r.x[1]) >= 0.3f - eps);
    }
  }
  SUBCASE("gaussians: label 1 on the x1+x2 > 0 side") {
    for (const Row& r : all_rows(make("gaussians", 500, 0.0f))) CHECK(r.y == (r.x[0] + r.x[1] > 0.0f ? 1.0f : 0.0f));
  }
  SUBCASE("spiral: every point lies on its own arm") {
    const float pi = 3.14159265f;
    for (const Row& r : all_rows(make("spiral", 500, 0.0f))) {
      const float radius = std::hypot(r.x[0], r.x[1]);
      const float t = 1.75f * 2.0f * pi * (radius / 5.0f) + (r.y == 1.0f ? 0.0f : pi);
      CHECK(std::hypot(r.x[0] - radius * std::sin(t), r.x[1] - radius * std::cos(t)) < 1e-3f);
    }
  }
  SUBCASE("moons: label 0 on the upper arc, label 1 on the lower arc (scaled by 2.5)") {
    for (const Row& r : all_rows(make("moons", 500, 0.0f))) {
      const float mx = r.x[0] / 2.5f + 0.5f, my = r.x[1] / 2.5f + 0.25f;  // back to moon units
      if (r.y == 0.0f) {
        CHECK(std::hypot(mx, my) == doctest::Approx(1.0f).epsilon(1e-4));
        CHECK(my >= -eps);
      } else {
        CHECK(std::hypot(mx - 1.0f, my - 0.5f) == doctest::Approx(1.0f).epsilon(1e-4));
        CHECK(my <= 0.5f + eps);
      }
    }
  }
  SUBCASE("blobs3: every point is nearest to its own class centre") {
    for (const Row& r : all_rows(make("blobs3", 600, 0.0f))) {
      int nearest = 0;
      float best = 1e9f;
      for (int c = 0; c < 3; ++c) {
        const float a = 3.14159265f / 2.0f + static_cast<float>(c) * 2.0f * 3.14159265f / 3.0f;
        const float dist = std::hypot(r.x[0] - 3.5f * std::cos(a), r.x[1] - 3.5f * std::sin(a));
        if (dist < best) best = dist, nearest = c;
      }
      CHECK(static_cast<float>(nearest) == r.y);
    }
  }
  SUBCASE("sine: y = sin(x) on [-3,3]") {
    for (const Row& r : all_rows(make("sine", 30, 0.0f))) {
      CHECK(r.y == doctest::Approx(std::sin(r.x[0])).epsilon(1e-6));
      CHECK(std::fabs(r.x[0]) <= 3.0f);
    }
  }
  SUBCASE("tabular20: the class is the sign of x1 + sin(1.5*x2) + x3*x4; the other 16 features are noise") {
    const Dataset d = make("tabular20", 2000, 0.0f);
    double mean[20] = {}, sq[20] = {};
    int n = 0;
    for (const Row& r : all_rows(d)) {
      const float f = r.x[0] + static_cast<float>(std::sin(1.5 * r.x[1])) + r.x[2] * r.x[3];
      CHECK(r.y == (f > 0.0f ? 1.0f : 0.0f));
      for (int k = 0; k < 20; ++k) mean[k] += r.x[k], sq[k] += double(r.x[k]) * r.x[k];
      ++n;
    }
    // Every feature stays N(0,1) (the sign flips keep it so): mean within 4 standard errors of 0, variance near 1.
    for (int k = 0; k < 20; ++k) {
      CAPTURE(k);
      CHECK(std::fabs(mean[k] / n) < 4.0 / std::sqrt(n));
      CHECK(std::fabs(sq[k] / n - 1.0) < 4.0 * std::sqrt(2.0 / n));  // var of x^2 is 2 for N(0,1)
    }
  }
  SUBCASE("plane: y = 0.25*x1 - 0.15*x2 + 0.5") {
    for (const Row& r : all_rows(make("plane", 200, 0.0f)))
      CHECK(r.y == doctest::Approx(0.25f * r.x[0] - 0.15f * r.x[1] + 0.5f).epsilon(1e-5));
  }
}

TEST_CASE("noise 0.5 makes the classes visibly overlap") {
  SUBCASE("circle: some label-1 point lies farther out than some label-0 point") {
    float inner_max = 0.0f, outer_min = 1e9f;
    for (const Row& r : all_rows(make("circle", 200, 0.5f))) {
      const float radius = std::hypot(r.x[0], r.x[1]);
      if (r.y == 1.0f)
        inner_max = std::max(inner_max, radius);
      else
        outer_min = std::min(outer_min, radius);
    }
    CHECK(inner_max > outer_min);
  }
  SUBCASE("xor: some points sit in the other class's quadrant") {
    int crossed = 0;
    for (const Row& r : all_rows(make("xor", 200, 0.5f))) crossed += r.y != (r.x[0] * r.x[1] > 0.0f ? 1.0f : 0.0f);
    CHECK(crossed > 0);
    CHECK(crossed < 40);  // confusing near the axes, not everywhere
  }
}

TEST_CASE("validate_dataset_spec names the offending value") {
  DatasetSpec s;
  s.name = "circle";
  SUBCASE("the defaults for each dataset are accepted") {
    for (const std::string& name : dataset_names()) {
      s.name = name;
      s.points = default_points(name);
      CHECK(validate_dataset_spec(s) == "");
    }
  }
  SUBCASE("the edges of each range are accepted") {
    s.points = 4;
    s.noise = 0.0f;
    s.validation = 0.1f;
    CHECK(validate_dataset_spec(s) == "");
    s.points = 5000;
    s.noise = 1.0f;
    s.validation = 0.9f;
    CHECK(validate_dataset_spec(s) == "");
  }
  SUBCASE("an unknown name lists the choices") {
    s.name = "foo";
    const std::string e = validate_dataset_spec(s);
    CHECK(e.find("'foo'") != std::string::npos);
    CHECK(e.find("circle, xor, gaussians, spiral, moons, blobs3, sine, plane, tabular20") != std::string::npos);
  }
  SUBCASE("an empty name is unknown") {
    s.name = "";
    CHECK(validate_dataset_spec(s).find("unknown dataset") != std::string::npos);
  }
  SUBCASE("too few or too many points") {
    s.points = 2;
    CHECK(validate_dataset_spec(s) == "points must be between 4 and 5000, got 2");
    s.points = 5001;
    CHECK(validate_dataset_spec(s).find("got 5001") != std::string::npos);
  }
  SUBCASE("noise outside [0,1]") {
    s.noise = -1.0f;
    CHECK(validate_dataset_spec(s) == "noise must be between 0 and 1, got -1");
    s.noise = 1.5f;
    CHECK(validate_dataset_spec(s).find("got 1.5") != std::string::npos);
  }
  SUBCASE("validation fraction outside [0.1,0.9]") {
    s.validation = 0.95f;
    CHECK(validate_dataset_spec(s) == "validation fraction must be between 0.1 and 0.9, got 0.95");
    s.validation = 0.05f;
    CHECK(validate_dataset_spec(s).find("got 0.05") != std::string::npos);
  }
  SUBCASE("NaN is rejected") {
    s.noise = std::nanf("");
    CHECK(validate_dataset_spec(s).find("noise") != std::string::npos);
    CHECK(validate_dataset_spec(s).find("nan") != std::string::npos);
    s.noise = 0.2f;
    s.validation = std::nanf("");
    CHECK(validate_dataset_spec(s).find("validation") != std::string::npos);
  }
}
