// Measures what dropout on the conv feature maps does for the CNN on the glyphs: twins
// with the same seed (same initial weights, data and minibatches) that differ only in
// their dropout, over several seeds. The variants: none; element-wise and spatial
// feature-map dropout at each rate of --rates; and, as a baseline, dropout on the hidden
// dense layer alone (--hidden-rate). Not a test: the numbers it prints are what docs or the
// page may claim, nothing more (docs/CLAIMS.md, "Convolutional networks").
//
// At each checkpoint of --steps it prints, per variant, means over seeds of: the validation
// loss (final, and best so far over evaluations every --eval-every steps: early stopping),
// validation accuracy, training loss, the gap (validation minus training loss); and in how
// many seeds the variant beats the twin without dropout (lower final loss, lower best loss,
// strictly higher accuracy), and for spatial rows, in how many it beats element-wise at the
// same rate on the same three. With --mc K it also prints the Monte-Carlo validation loss
// and accuracy (the average of K thinned networks' probabilities; for "none" the network
// itself) and in how many seeds that loss is below the plain twin's.
//
// Usage: dp_cnn_dropout_effect [--seeds 20] [--first-seed 1] [--steps 500,1000,2000]
//          [--filters 8] [--kernel 3] [--train 40] [--validation 400] [--noise 0.1]
//          [--classes 4] [--hidden 32] [--lr 0.005] [--batch 16] [--rates 0.1,0.2,0.3,0.5]
//          [--hidden-rate 0.5] [--eval-every 50] [--mc 0]
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "cnn/cnn_network.hpp"
#include "data/glyphs.hpp"

namespace {

struct Options {
  int seeds = 20, first_seed = 1, filters = 8, kernel = 3, train = 40, validation = 400, classes = 4, hidden = 32,
      batch = 16, eval_every = 50, mc = 0;
  float noise = 0.1f, lr = 0.005f, hidden_rate = 0.5f;
  std::vector<int> steps{500, 1000, 2000};
  std::vector<float> rates{0.1f, 0.2f, 0.3f, 0.5f};
};

std::vector<float> parse_list(const char* s) {
  std::vector<float> v;
  for (const char* p = s; *p;) {
    char* end = nullptr;
    v.push_back(std::strtof(p, &end));
    if (end == p) break;
    p = *end == ',' ? end + 1 : end;
  }
  return v;
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i];
    const char* v = argv[i + 1];
    if (k == "--seeds")
      o.seeds = std::max(1, std::atoi(v));
    else if (k == "--first-seed")
      o.first_seed = std::atoi(v);
    else if (k == "--filters")
      o.filters = std::clamp(std::atoi(v), 1, dp::kCnnMaxChannels);
    else if (k == "--kernel")
      o.kernel = std::atoi(v);
    else if (k == "--train")
      o.train = std::atoi(v);
    else if (k == "--validation")
      o.validation = std::atoi(v);
    else if (k == "--classes")
      o.classes = std::atoi(v);
    else if (k == "--hidden")
      o.hidden = std::atoi(v);
    else if (k == "--batch")
      o.batch = std::atoi(v);
    else if (k == "--eval-every")
      o.eval_every = std::max(1, std::atoi(v));
    else if (k == "--mc")
      o.mc = std::max(0, std::atoi(v));
    else if (k == "--noise")
      o.noise = std::strtof(v, nullptr);
    else if (k == "--lr")
      o.lr = std::strtof(v, nullptr);
    else if (k == "--hidden-rate")
      o.hidden_rate = std::strtof(v, nullptr);
    else if (k == "--rates")
      o.rates = parse_list(v);
    else if (k == "--steps") {
      o.steps.clear();
      for (float s : parse_list(v)) o.steps.push_back(static_cast<int>(s));
      std::sort(o.steps.begin(), o.steps.end());
    } else {
      std::fprintf(stderr, "unknown option %s (see the comment at the top of bench/cnn_dropout_effect.cpp)\n",
                   k.c_str());
      std::exit(2);
    }
  }
  return o;
}

struct Variant {
  std::string name;
  dp::FeatureDropout conv;
  float hidden_rate;
  int elementwise_twin;  // for a spatial variant: the index of element-wise at the same rate, else -1
};

struct Point {  // one variant, one seed, one checkpoint
  double loss, best, accuracy, train_loss, mc_loss, mc_accuracy;
};

// The average of k thinned networks on n images: training-mode passes with masks drawn
// here (MaskSource::Fixed), their class probabilities averaged. Returns {loss, accuracy}.
std::pair<double, double> monte_carlo(dp::CnnNetwork& net, const float* x, const float* y, int n, int k,
                                      uint64_t seed) {
  const dp::CnnConfig& c = net.config();
  const int chunk = 100, hw = c.conv_h() * c.conv_w(), in = c.image_size(), K = c.classes;
  std::mt19937_64 rng(seed);
  std::vector<double> p(static_cast<size_t>(n) * K, 0.0);
  auto draw = [&rng](std::vector<float>& mask, float rate) {
    if (rate <= 0.0f) return;
    std::bernoulli_distribution keep(1.0 - rate);
    for (float& f : mask) f = keep(rng) ? 1.0f / (1.0f - rate) : 0.0f;
  };
  for (int pass = 0; pass < k; ++pass)
    for (int first = 0; first < n; first += chunk) {
      const int rows = std::min(chunk, n - first);
      net.prepare_masks(rows);
      draw(net.feature_mask(), c.conv_dropout.rate);
      draw(net.hidden_mask(), c.hidden_rate);
      net.loss(x + static_cast<size_t>(first) * in, y + first, rows, dp::MaskSource::Fixed);
      for (int i = 0; i < rows * K; ++i) p[static_cast<size_t>(first) * K + i] += net.outputs()[i] / k;
    }
  (void)hw;
  double loss = 0;
  int right = 0;
  for (int i = 0; i < n; ++i) {
    const double* pi = p.data() + static_cast<size_t>(i) * K;
    const int label = static_cast<int>(y[i]);
    loss -= std::log(std::max(pi[label], 1e-12)) / n;
    right += std::max_element(pi, pi + K) - pi == label;
  }
  return {loss, static_cast<double>(right) / n};
}

// Trains one twin and returns its metrics at every checkpoint.
std::vector<Point> train_one(const Options& o, const dp::GlyphData& d, const Variant& v, uint64_t seed) {
  dp::CnnConfig c;
  c.classes = d.classes;
  c.kernel = o.kernel;
  c.filters = o.filters;
  c.hidden = o.hidden;
  c.learning_rate = o.lr;
  c.batch_size = o.batch;
  c.seed = seed;
  c.conv_dropout = v.conv;
  c.hidden_rate = v.hidden_rate;
  const std::string err = dp::validate(c);
  if (!err.empty()) {
    std::fprintf(stderr, "config: %s\n", err.c_str());
    std::exit(2);
  }
  dp::CnnNetwork net(c);
  net.set_data(d.train.x.data(), d.train.y.data(), d.train.count, d.validation.x.data(), d.validation.y.data(),
               d.validation.count);
  std::vector<Point> out;
  double best = 1e30;
  int done = 0;
  for (int checkpoint : o.steps) {
    while (done < checkpoint) {
      const int n = std::min(o.eval_every - done % o.eval_every, checkpoint - done);
      net.train(n);
      done += n;
      if (done % o.eval_every == 0 || done == checkpoint) best = std::min(best, net.evaluate_validation().loss);
    }
    const dp::Metrics m = net.evaluate_validation();
    Point pt{m.loss, best, m.accuracy, net.evaluate_train().loss, m.loss, m.accuracy};
    if (o.mc > 0 && (v.conv.rate > 0.0f || v.hidden_rate > 0.0f)) {
      const auto mc = monte_carlo(net, d.validation.x.data(), d.validation.y.data(), d.validation.count, o.mc,
                                  seed * 7919 + static_cast<uint64_t>(checkpoint));
      pt.mc_loss = mc.first, pt.mc_accuracy = mc.second;
    }
    out.push_back(pt);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  std::vector<Variant> variants{{"none", {0.0f, dp::FeatureDropoutKind::Spatial}, 0.0f, -1}};
  if (o.hidden_rate > 0.0f) {
    char name[64];
    std::snprintf(name, sizeof name, "hidden %.2g only", o.hidden_rate);
    variants.push_back({name, {0.0f, dp::FeatureDropoutKind::Spatial}, o.hidden_rate, -1});
  }
  for (float r : o.rates) {
    char name[64];
    std::snprintf(name, sizeof name, "elementwise %.2g", r);
    variants.push_back({name, {r, dp::FeatureDropoutKind::Elementwise}, 0.0f, -1});
    const int e = static_cast<int>(variants.size()) - 1;
    std::snprintf(name, sizeof name, "spatial %.2g", r);
    variants.push_back({name, {r, dp::FeatureDropoutKind::Spatial}, 0.0f, e});
  }
  const int V = static_cast<int>(variants.size()), C = static_cast<int>(o.steps.size()), S = o.seeds;
  // runs[v][s][checkpoint]
  std::vector<std::vector<std::vector<Point>>> runs(V);
  for (int s = 0; s < S; ++s) {
    dp::GlyphSpec g;
    g.classes = o.classes, g.train = o.train, g.validation = o.validation, g.noise = o.noise;
    g.seed = static_cast<uint64_t>(o.first_seed + s);
    const std::string err = dp::validate_glyph_spec(g);
    if (!err.empty()) {
      std::fprintf(stderr, "glyphs: %s\n", err.c_str());
      return 2;
    }
    const dp::GlyphData d = dp::make_glyphs(g);
    for (int v = 0; v < V; ++v) runs[v].push_back(train_one(o, d, variants[v], g.seed));
  }

  std::printf(
      "glyphs: %d classes, %d training and %d validation images, noise %.2f; conv %dx%d, %d filters, hidden %d; "
      "Adam %.4g, batch %d; seeds %d-%d (data seed = network seed)\n",
      o.classes, o.train, o.validation, o.noise, o.kernel, o.kernel, o.filters, o.hidden, o.lr, o.batch, o.first_seed,
      o.first_seed + S - 1);
  for (int c = 0; c < C; ++c) {
    std::printf("\nafter %d steps (best = lowest validation loss over evaluations every %d steps)\n", o.steps[c],
                o.eval_every);
    std::printf(
        "| dropout | val loss | best val | val acc | train loss | gap | loss < none | best < none | acc > none "
        "| spatial vs elementwise: loss / best / acc |%s\n|---|---|---|---|---|---|---|---|---|---|%s\n",
        o.mc ? " MC val loss | MC acc | MC loss < none | MC loss: spatial < elementwise |" : "",
        o.mc ? "---|---|---|---|" : "");
    for (int v = 0; v < V; ++v) {
      double fl = 0, bl = 0, acc = 0, tl = 0, ml = 0, ma = 0;
      int wl = 0, wb = 0, wa = 0, sl = 0, sb = 0, sa = 0, wm = 0, sm = 0;
      for (int s = 0; s < S; ++s) {
        const Point& r = runs[v][s][c];
        const Point& n = runs[0][s][c];
        fl += r.loss / S, bl += r.best / S, acc += r.accuracy / S, tl += r.train_loss / S;
        ml += r.mc_loss / S, ma += r.mc_accuracy / S;
        wl += r.loss < n.loss, wb += r.best<n.best, wa += r.accuracy> n.accuracy, wm += r.mc_loss < n.loss;
        if (variants[v].elementwise_twin >= 0) {
          const Point& e = runs[variants[v].elementwise_twin][s][c];
          sl += r.loss < e.loss, sb += r.best<e.best, sa += r.accuracy> e.accuracy, sm += r.mc_loss < e.mc_loss;
        }
      }
      char vs[64] = "", w[3][16] = {"—", "—", "—"}, mc[96] = "";
      if (variants[v].elementwise_twin >= 0) std::snprintf(vs, sizeof vs, "%d / %d / %d", sl, sb, sa);
      if (v > 0) {
        std::snprintf(w[0], sizeof w[0], "%d/%d", wl, S);
        std::snprintf(w[1], sizeof w[1], "%d/%d", wb, S);
        std::snprintf(w[2], sizeof w[2], "%d/%d", wa, S);
      }
      if (o.mc) {
        const std::string of = "/" + std::to_string(S);
        const std::string vs_none = v > 0 ? std::to_string(wm) + of : "—";
        const std::string vs_elementwise = variants[v].elementwise_twin >= 0 ? std::to_string(sm) + of : "";
        std::snprintf(mc, sizeof mc, " %.3f | %.3f | %s | %s |", ml, ma, vs_none.c_str(), vs_elementwise.c_str());
      }
      std::printf("| %s | %.3f | %.3f | %.3f | %.4f | %.3f | %s | %s | %s | %s |%s\n", variants[v].name.c_str(), fl, bl,
                  acc, tl, fl - tl, w[0], w[1], w[2], vs, mc);
    }
  }
  return 0;
}
