// The small CNN trains on the glyphs (cpp/cnn/cnn_network.hpp, cpp/data/glyphs.hpp):
// the loss falls, runs are deterministic in the seed, settings are validated.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "cnn/cnn_network.hpp"
#include "data/glyphs.hpp"

using namespace dp;

namespace {

GlyphData glyphs(int classes, uint64_t seed) {
  GlyphSpec s;
  s.classes = classes, s.train = 48, s.validation = 96, s.noise = 0.15f, s.seed = seed;
  return make_glyphs(s);
}

CnnConfig glyph_cnn(int classes, uint64_t seed) {
  CnnConfig c;
  c.classes = classes;
  c.filters = 8;
  c.hidden = 32;
  c.learning_rate = 0.005f;
  c.batch_size = 16;
  c.seed = seed;
  return c;
}

void load(CnnNetwork& net, const GlyphData& d) {
  REQUIRE(net.set_data(d.train.x.data(), d.train.y.data(), d.train.count, d.validation.x.data(), d.validation.y.data(),
                       d.validation.count) == "");
}

}  // namespace

TEST_CASE("the small CNN fits the glyphs: the training loss falls well below chance") {
  for (FeatureDropoutKind kind : {FeatureDropoutKind::Spatial, FeatureDropoutKind::Elementwise}) {
    CAPTURE(name_of(kind));
    const int classes = 4;
    CnnConfig cfg = glyph_cnn(classes, 3);
    cfg.conv_dropout = {0.2f, kind};
    CnnNetwork net(cfg);
    const GlyphData d = glyphs(classes, 3);
    load(net, d);
    const double chance = std::log(static_cast<double>(classes));  // the loss of a uniform guess
    const Metrics before = net.evaluate_train();
    CHECK(std::fabs(before.loss - chance) < 0.5);
    const TrainResult r = net.train(300);
    CHECK(!r.diverged);
    CHECK(r.step == 300);
    const Metrics after = net.evaluate_train();
    INFO("training loss " << before.loss << " -> " << after.loss << ", accuracy " << after.accuracy);
    CHECK(after.loss < 0.25 * chance);
    CHECK(after.accuracy > 0.9);
    const Metrics val = net.evaluate_validation();
    INFO("validation loss " << val.loss << ", accuracy " << val.accuracy);
    CHECK(val.accuracy > 1.0 / classes);  // better than chance on images it never saw
  }
}

TEST_CASE("CNN training is deterministic in the seed") {
  const GlyphData d = glyphs(3, 5);
  CnnConfig cfg = glyph_cnn(3, 5);
  cfg.conv_dropout = {0.3f, FeatureDropoutKind::Spatial};
  cfg.hidden_rate = 0.3f;
  CnnNetwork a(cfg), b(cfg);
  load(a, d);
  load(b, d);
  a.train(40);
  b.train(25);
  b.train(15);  // the same steps in two calls
  for (int l = 0; l < 3; ++l) {
    CHECK(std::memcmp(a.layers()[l].kernel.data(), b.layers()[l].kernel.data(),
                      a.layers()[l].kernel.size() * sizeof(float)) == 0);
    CHECK(a.layers()[l].bias == b.layers()[l].bias);
  }
  // Twins: dropout settings change neither the initial weights nor the minibatch order.
  CnnConfig no_dropout = cfg;
  no_dropout.conv_dropout.rate = 0.0f;
  no_dropout.hidden_rate = 0.0f;
  CnnNetwork twin(no_dropout), fresh(cfg);
  for (int l = 0; l < 3; ++l) CHECK(twin.layers()[l].kernel == fresh.layers()[l].kernel);
}

TEST_CASE("CnnConfig validation and update()") {
  CnnConfig c;
  CHECK(validate(c) == "");
  CnnConfig bad = c;
  bad.kernel = 4;
  CHECK(validate(bad) == "the kernel size must be 3 or 5, got 4");
  bad = c;
  bad.filters = 17;
  CHECK(validate(bad) == "filters must be between 1 and 16, got 17");
  bad = c;
  bad.channels = 0;
  CHECK(validate(bad) == "input channels must be between 1 and 16, got 0");
  bad = c;
  bad.height = 5, bad.width = 5, bad.kernel = 5, bad.same = false;  // 1x1 maps cannot be pooled
  CHECK(validate(bad) == "a 5x5 image is too small for a 5x5 'valid' convolution followed by 2x2 pooling");
  bad = c;
  bad.conv_dropout.rate = 1.0f;
  CHECK(validate(bad) == "the feature-map dropout rate must be between 0 and 0.95, got 1");

  CnnNetwork net(c);
  CnnConfig live = c;
  live.conv_dropout = {0.5f, FeatureDropoutKind::Elementwise};
  live.hidden_rate = 0.2f;
  live.learning_rate = 0.001f;
  CHECK(net.update(live) == "");
  CHECK(net.config().conv_dropout.rate == 0.5f);
  CnnConfig structural = c;
  structural.filters = 4;
  CHECK(net.update(structural) != "");
  CHECK(net.config().filters == c.filters);
  const std::vector<float> x(c.image_size(), 0.0f), y = {7.0f};
  CHECK(net.set_data(x.data(), y.data(), 1, x.data(), y.data(), 1) == "class labels must be whole numbers from 0 to 3");
}

TEST_CASE("Monte-Carlo dropout: the inference network without dropout, seeded, and the training masks kept") {
  const GlyphData d = glyphs(4, 5);
  const int n = d.validation.count, k = 4;
  std::vector<float> infer(static_cast<size_t>(n) * k), mc(infer.size()), again(infer.size());

  CnnNetwork plain(glyph_cnn(4, 5));
  load(plain, d);
  plain.train(30);
  plain.predict(d.validation.x.data(), n, infer.data());
  plain.predict_mc(d.validation.x.data(), n, 5, mc.data());
  CHECK(std::memcmp(infer.data(), mc.data(), infer.size() * sizeof(float)) == 0);  // no dropout: every pass is it

  CnnConfig c = glyph_cnn(4, 5);
  c.conv_dropout = {0.5f, FeatureDropoutKind::Spatial};
  c.hidden_rate = 0.3f;
  CnnNetwork net(c);
  load(net, d);
  net.train(30);
  const std::vector<float> features = net.feature_mask(), hidden = net.hidden_mask();
  const int rows = net.mask_rows();
  net.predict(d.validation.x.data(), n, infer.data());
  net.predict_mc(d.validation.x.data(), n, 8, mc.data());
  net.predict_mc(d.validation.x.data(), n, 8, again.data());
  CHECK(std::memcmp(mc.data(), again.data(), mc.size() * sizeof(float)) == 0);  // seeded
  CHECK(std::memcmp(mc.data(), infer.data(), mc.size() * sizeof(float)) != 0);  // thinned networks differ
  CHECK(net.feature_mask() == features);
  CHECK(net.hidden_mask() == hidden);
  CHECK(net.mask_rows() == rows);
  for (int i = 0; i < n; ++i) {  // each row is a mean of distributions
    double s = 0.0;
    for (int j = 0; j < k; ++j) s += mc[static_cast<size_t>(i) * k + j];
    CHECK(s == doctest::Approx(1.0).epsilon(1e-5));
  }
  // One pass is one thinned network: its probabilities differ from the 8-pass mean.
  std::vector<float> one(infer.size());
  net.predict_mc(d.validation.x.data(), n, 1, one.data());
  CHECK(std::memcmp(one.data(), mc.data(), mc.size() * sizeof(float)) != 0);
  // Training continues exactly as without the MC calls.
  CnnNetwork twin(c);
  load(twin, d);
  twin.train(30);
  net.train(10);
  twin.train(10);
  net.predict(d.validation.x.data(), n, infer.data());
  twin.predict(d.validation.x.data(), n, again.data());
  CHECK(std::memcmp(infer.data(), again.data(), infer.size() * sizeof(float)) == 0);
}
