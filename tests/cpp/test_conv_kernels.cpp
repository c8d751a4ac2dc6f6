// The convolution and pooling kernels (cpp/kernels/conv.hpp): the direct scalar reference
// checked on hand-computed cases and against the adjoint identities of a linear map, and
// the im2col path (the dense kernel, xsimd where compiled in) checked against the
// reference on awkward sizes: odd sides, 1 and 3 channels, channel counts that are not
// multiples of 4, 3x3 and 5x5, 'same' and 'valid'.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "kernels/conv.hpp"
#include "kernels/rng.hpp"

using dp::kernels::ConvShape;

namespace {

std::vector<float> uniform_values(size_t n, uint64_t seed) {
  std::vector<float> v(n);
  const uint64_t key = dp::stream_key(seed, 99);
  for (size_t i = 0; i < n; ++i) v[i] = 2.0f * dp::uniform01(key, static_cast<uint32_t>(i)) - 1.0f;
  return v;
}

ConvShape shape(int n, int h, int w, int c, int k, int f, bool same) {
  ConvShape s;
  s.n = n, s.h = h, s.w = w, s.c = c, s.k = k, s.f = f, s.same = same;
  return s;
}

size_t input_size(const ConvShape& s) { return static_cast<size_t>(s.n) * s.h * s.w * s.c; }
size_t output_size(const ConvShape& s) { return static_cast<size_t>(s.positions()) * s.f; }
size_t kernel_size(const ConvShape& s) { return static_cast<size_t>(s.patch()) * s.f; }

double dot(const std::vector<float>& a, const std::vector<float>& b) {
  double s = 0.0;
  for (size_t i = 0; i < a.size(); ++i) s += static_cast<double>(a[i]) * b[i];
  return s;
}

// The input gradient sums over filters in another order (4 lanes, then the tail), so
// it agrees with the reference to float rounding: |a-b| <= 1e-6 + 1e-5 |b| for sums of
// at most 25*16 products of values in [-1,1] (about 4e-5 in the worst case, 1e-6 typical).
bool near(float a, float b) { return std::fabs(a - b) <= 4e-5f + 1e-5f * std::fabs(b); }

std::string label(const ConvShape& s) {
  return std::to_string(s.n) + "x" + std::to_string(s.h) + "x" + std::to_string(s.w) + "x" + std::to_string(s.c) +
         " k" + std::to_string(s.k) + " f" + std::to_string(s.f) + (s.same ? " same" : " valid");
}

}  // namespace

TEST_CASE("the reference convolution on hand-computed cases") {
  SUBCASE("3x3 ones kernel, 'same': each output is the sum of its in-image neighbours plus the bias") {
    const ConvShape s = shape(1, 3, 3, 1, 3, 1, true);
    const std::vector<float> x = {1, 2, 3, 4, 5, 6, 7, 8, 9}, k(9, 1.0f), b = {0.5f};
    std::vector<float> y(9);
    dp::kernels::f32_conv2d_forward__scalar(s, x.data(), k.data(), b.data(), y.data());
    const std::vector<float> expected = {12.5f, 21.5f, 16.5f, 27.5f, 45.5f, 33.5f, 24.5f, 39.5f, 28.5f};
    CHECK(y == expected);
  }
  SUBCASE("'valid' 3x3 on 4x3 with 2 channels and 2 filters: a 2x1 output") {
    const ConvShape s = shape(1, 4, 3, 2, 3, 2, false);
    CHECK(s.oh() == 2);
    CHECK(s.ow() == 1);
    std::vector<float> x(24), k(36, 0.0f);
    for (int i = 0; i < 24; ++i) x[i] = static_cast<float>(i);
    // filter 0 reads channel 0 at the centre tap; filter 1 channel 1 at the top-left tap.
    k[((1 * 3 + 1) * 2 + 0) * 2 + 0] = 1.0f;
    k[((0 * 3 + 0) * 2 + 1) * 2 + 1] = 2.0f;
    const std::vector<float> b = {0.0f, 1.0f};
    std::vector<float> y(4);
    dp::kernels::f32_conv2d_forward__scalar(s, x.data(), k.data(), b.data(), y.data());
    // output (oy, 0): centre pixel (oy+1, 1) channel 0; top-left pixel (oy, 0) channel 1.
    CHECK(y == std::vector<float>{8.0f, 1.0f + 2.0f * 1.0f, 14.0f, 1.0f + 2.0f * 7.0f});
  }
}

TEST_CASE("the reference gradients are the adjoints of the convolution") {
  // y = conv(x, k) (no bias) is bilinear, so for any dy:
  //   <dy, conv(x, k)> = <backward_input(dy, k), x> = <backward_params(x, dy), k>.
  for (bool same : {true, false})
    for (int k : {3, 5}) {
      const ConvShape s = shape(2, 7, 9, 3, k, 5, same);
      CAPTURE(label(s));
      const std::vector<float> x = uniform_values(input_size(s), 1), kern = uniform_values(kernel_size(s), 2),
                               dy = uniform_values(output_size(s), 3), zero_bias(s.f, 0.0f);
      std::vector<float> y(output_size(s)), dx(input_size(s)), dk(kernel_size(s), 0.0f), db(s.f, 0.0f);
      dp::kernels::f32_conv2d_forward__scalar(s, x.data(), kern.data(), zero_bias.data(), y.data());
      dp::kernels::f32_conv2d_backward_input__scalar(s, dy.data(), kern.data(), dx.data());
      dp::kernels::f32_conv2d_backward_params__scalar(s, x.data(), dy.data(), dk.data(), db.data());
      const double reference = dot(dy, y);
      // float sums of a few thousand products of size <= 1: relative error well under 1e-4.
      CHECK(dot(dx, x) == doctest::Approx(reference).epsilon(1e-4));
      CHECK(dot(dk, kern) == doctest::Approx(reference).epsilon(1e-4));
      double dy_sum = 0.0;
      for (int f = 0; f < s.f; ++f) dy_sum += db[f];
      double expected_db = 0.0;
      for (float v : dy) expected_db += v;
      CHECK(dy_sum == doctest::Approx(expected_db).epsilon(1e-4));
    }
}

TEST_CASE("im2col + the dense kernel equals the reference at awkward sizes") {
  int cases = 0;
  for (int n : {1, 3})
    for (int side : {7, 11, 13})
      for (int c : {1, 3, 6})
        for (int k : {3, 5})
          for (int f : {1, 3, 5, 8, 13, 16})
            for (bool same : {true, false}) {
              const ConvShape s = shape(n, side, side == 7 ? 11 : side, c, k, f, same);  // 7x11: not square
              CAPTURE(label(s));
              const uint64_t seed = static_cast<uint64_t>(++cases);
              const std::vector<float> x = uniform_values(input_size(s), 10 * seed),
                                       kern = uniform_values(kernel_size(s), 10 * seed + 1),
                                       b = uniform_values(s.f, 10 * seed + 2),
                                       dy = uniform_values(output_size(s), 10 * seed + 3);
              std::vector<float> cols(static_cast<size_t>(s.positions()) * s.patch()), dcols(cols.size());
              std::vector<float> y_ref(output_size(s)), y(output_size(s));
              dp::kernels::f32_conv2d_forward__scalar(s, x.data(), kern.data(), b.data(), y_ref.data());
              dp::kernels::f32_conv2d_forward__im2col(s, x.data(), kern.data(), b.data(), cols.data(), y.data());
              // The same products summed in the same order (bias, then taps (ky, kx, c)): bit for bit.
              CHECK(y == y_ref);

              // Parameter gradients accumulate (+=) onto what is there.
              std::vector<float> dk_ref = uniform_values(kernel_size(s), 10 * seed + 4), db_ref(s.f, 0.25f);
              std::vector<float> dk = dk_ref, db = db_ref;
              dp::kernels::f32_conv2d_backward_params__scalar(s, x.data(), dy.data(), dk_ref.data(), db_ref.data());
              dp::kernels::f32_conv2d_backward_params__im2col(s, cols.data(), dy.data(), dk.data(), db.data());
              CHECK(dk == dk_ref);  // each dk sums over pixels in order in both
              CHECK(db == db_ref);

              std::vector<float> dx_ref(input_size(s)), dx(input_size(s), 123.0f);
              dp::kernels::f32_conv2d_backward_input__scalar(s, dy.data(), kern.data(), dx_ref.data());
              dp::kernels::f32_conv2d_backward_input__im2col(s, dy.data(), kern.data(), dcols.data(), dx.data());
              int bad = 0;
              for (size_t i = 0; i < dx.size(); ++i) bad += !near(dx[i], dx_ref[i]);
              CHECK(bad == 0);
            }
  CHECK(cases == 2 * 3 * 3 * 2 * 6 * 2);
}

TEST_CASE("2x2 max-pooling rounds odd sides down and routes the gradient to each maximum") {
  SUBCASE("5x5, one channel: a 2x2 output; the last row and column are never read") {
    std::vector<float> x(25);
    for (int i = 0; i < 25; ++i) x[i] = static_cast<float>((i * 7) % 25);  // a permutation of 0..24
    x[4] = 100.0f;                                                         // last column: ignored
    x[22] = 100.0f;                                                        // last row: ignored
    std::vector<float> y(4);
    std::vector<int32_t> argmax(4);
    dp::kernels::f32_maxpool2x2_forward__scalar(1, 5, 5, 1, x.data(), y.data(), argmax.data());
    for (int py = 0; py < 2; ++py)
      for (int px = 0; px < 2; ++px) {
        const int top = 2 * py * 5 + 2 * px;
        float m = x[top];
        for (int j : {top + 1, top + 5, top + 6}) m = std::max(m, x[j]);
        CHECK(y[py * 2 + px] == m);
        CHECK(x[argmax[py * 2 + px]] == m);
      }
    const std::vector<float> dy = {1.0f, 2.0f, 3.0f, 4.0f};
    std::vector<float> dx(25, -1.0f);
    dp::kernels::f32_maxpool2x2_backward__scalar(1, 5, 5, 1, dy.data(), argmax.data(), dx.data());
    double total = 0.0;
    for (int i = 0; i < 25; ++i) total += dx[i];
    CHECK(total == 10.0);
    for (int o = 0; o < 4; ++o) CHECK(dx[argmax[o]] == dy[o]);
    CHECK(dx[4] == 0.0f);
    CHECK(dx[22] == 0.0f);
    CHECK(dx[24] == 0.0f);
  }
  SUBCASE("ties go to the first of top-left, top-right, bottom-left, bottom-right") {
    const std::vector<float> x = {1, 3, 3, 3};  // 2x2, one channel
    float y = 0.0f;
    int32_t argmax = -1;
    dp::kernels::f32_maxpool2x2_forward__scalar(1, 2, 2, 1, x.data(), &y, &argmax);
    CHECK(y == 3.0f);
    CHECK(argmax == 1);
  }
  SUBCASE("channels pool independently: 2 examples of 7x6 with 3 channels") {
    const int n = 2, h = 7, w = 6, c = 3;
    const std::vector<float> x = uniform_values(static_cast<size_t>(n) * h * w * c, 5);
    std::vector<float> y(n * 3 * 3 * c);
    std::vector<int32_t> argmax(y.size());
    dp::kernels::f32_maxpool2x2_forward__scalar(n, h, w, c, x.data(), y.data(), argmax.data());
    for (int e = 0; e < n; ++e)
      for (int py = 0; py < 3; ++py)
        for (int px = 0; px < 3; ++px)
          for (int ch = 0; ch < c; ++ch) {
            float m = -2.0f;
            for (int dy = 0; dy < 2; ++dy)
              for (int dx = 0; dx < 2; ++dx) m = std::max(m, x[((e * h + 2 * py + dy) * w + 2 * px + dx) * c + ch]);
            CHECK(y[((e * 3 + py) * 3 + px) * c + ch] == m);
          }
  }
}
