// Measures whether dropout on the conv feature maps lowers the CNN's validation loss on
// the glyphs: twins with the same seed (same initial weights, data and minibatches) that
// differ only in the feature-map dropout, over several seeds. Prints each variant's
// validation loss at the end and at its best evaluation (early stopping), the mean over
// seeds, and in how many seeds it beat the twin without dropout. Not a test: the numbers
// it prints are what docs or the page may claim, nothing more.
//
// Usage: dp_cnn_dropout_effect [seeds] [steps] [filters]    (default 10 seeds, 600 steps, 8 filters)
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "cnn/cnn_network.hpp"
#include "data/glyphs.hpp"

namespace {

struct Variant {
  const char* name;
  dp::FeatureDropout dropout;
};

struct Run {
  double final_loss, best_loss, final_accuracy, train_loss;
};

Run train_one(const dp::GlyphData& d, const Variant& v, uint64_t seed, int steps, int filters) {
  dp::CnnConfig c;
  c.classes = d.classes;
  c.filters = filters;
  c.hidden = 32;
  c.learning_rate = 0.005f;
  c.batch_size = 16;
  c.seed = seed;
  c.conv_dropout = v.dropout;
  dp::CnnNetwork net(c);
  net.set_data(d.train.x.data(), d.train.y.data(), d.train.count, d.validation.x.data(), d.validation.y.data(),
               d.validation.count);
  Run r{0, 1e9, 0, 0};
  for (int done = 0; done < steps; done += 50) {
    net.train(50);
    r.best_loss = std::min(r.best_loss, net.evaluate_validation().loss);
  }
  const dp::Metrics m = net.evaluate_validation();
  r.final_loss = m.loss;
  r.final_accuracy = m.accuracy;
  r.train_loss = net.evaluate_train().loss;
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  const int seeds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 10;
  const int steps = argc > 2 ? std::max(50, std::atoi(argv[2])) : 600;
  const int filters = argc > 3 ? std::clamp(std::atoi(argv[3]), 1, dp::kCnnMaxChannels) : 8;
  const Variant variants[] = {
      {"none", {0.0f, dp::FeatureDropoutKind::Spatial}},
      {"spatial 0.2", {0.2f, dp::FeatureDropoutKind::Spatial}},
      {"spatial 0.4", {0.4f, dp::FeatureDropoutKind::Spatial}},
      {"elementwise 0.2", {0.2f, dp::FeatureDropoutKind::Elementwise}},
      {"elementwise 0.4", {0.4f, dp::FeatureDropoutKind::Elementwise}},
  };
  constexpr int V = sizeof variants / sizeof variants[0];
  std::vector<Run> runs[V];
  for (int s = 1; s <= seeds; ++s) {
    dp::GlyphSpec g;
    g.classes = 4, g.train = 48, g.validation = 400, g.noise = 0.15f, g.seed = static_cast<uint64_t>(s);
    const dp::GlyphData d = dp::make_glyphs(g);
    for (int v = 0; v < V; ++v) runs[v].push_back(train_one(d, variants[v], static_cast<uint64_t>(s), steps, filters));
  }
  std::printf(
      "glyphs: 4 classes, 48 training and 400 validation images, noise 0.15; %d filters 3x3, %d seeds, %d steps, batch "
      "16\n",
      filters, seeds, steps);
  std::printf("%-16s %10s %10s %10s %10s %14s %14s\n", "feature dropout", "val loss", "best val", "val acc",
              "train loss", "final < none", "best < none");
  for (int v = 0; v < V; ++v) {
    double fl = 0, bl = 0, acc = 0, tl = 0;
    int wins_final = 0, wins_best = 0;
    for (int s = 0; s < seeds; ++s) {
      const Run& r = runs[v][s];
      fl += r.final_loss / seeds, bl += r.best_loss / seeds, acc += r.final_accuracy / seeds,
          tl += r.train_loss / seeds;
      wins_final += r.final_loss < runs[0][s].final_loss;
      wins_best += r.best_loss < runs[0][s].best_loss;
    }
    std::printf("%-16s %10.4f %10.4f %10.3f %10.4f %11d/%-2d %11d/%-2d\n", variants[v].name, fl, bl, acc, tl,
                wins_final, seeds, wins_best, seeds);
  }
  return 0;
}
