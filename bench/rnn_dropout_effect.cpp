// Measures what recurrent dropout does for the sequence model (cpp/rnn/) on the sequence
// datasets: twins with the same seed (same initial weights and data; training is full
// batch) that differ only in their dropout, over several seeds. The variants, at each rate
// r of --rates: naive (a fresh mask every time step), non-recurrent (Zaremba: fresh masks on
// the inputs only) and variational (Gal & Ghahramani: one mask per sequence) with the input
// and recurrent rates both r; naive and variational on the recurrent state only; and
// variational on the input only (with one input feature, that drops whole sequences).
// Not a test: the numbers it prints are what docs or the page may claim, nothing more
// (docs/CLAIMS.md, "Recurrent networks").
//
// At each checkpoint of --steps it prints, per variant, means over seeds of: the validation
// loss (final, and best so far over evaluations every --eval-every steps: early stopping),
// validation accuracy (pattern), training loss, the gap (validation minus training loss);
// in how many seeds the variant beats the twin without dropout (lower final loss, lower best
// loss, strictly higher accuracy); and for variational rows, in how many it beats its
// per-step twin at the same rate and sites (naive; for input only, non-recurrent). On
// pattern it also prints the validation accuracy on the sequences that hold the pattern,
// by where it starts (early / middle / late third): the early ones need the longest memory.
//
// Usage: dp_rnn_dropout_effect [--data pattern|sines] [--seeds 20] [--first-seed 1]
//          [--steps 500,1000,2000] [--cell lstm|rnn] [--units 16] [--T 32] [--sequences 64]
//          [--validation 0.5] [--noise 0.2] [--lr 0.01] [--rates 0.1,0.25,0.5]
//          [--eval-every 50]
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "data/sequences.hpp"
#include "rnn/sequence_model.hpp"

namespace {

using dp::rnn::RecurrentDropout;

struct Options {
  std::string data = "pattern";
  bool lstm = true;
  int seeds = 20, first_seed = 1, units = 16, T = 32, sequences = 64, eval_every = 50;
  float validation = 0.5f, noise = 0.2f, lr = 0.01f;
  std::vector<int> steps{500, 1000, 2000};
  std::vector<float> rates{0.1f, 0.25f, 0.5f};
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
    if (k == "--data")
      o.data = v;
    else if (k == "--cell")
      o.lstm = std::string(v) != "rnn";
    else if (k == "--seeds")
      o.seeds = std::max(1, std::atoi(v));
    else if (k == "--first-seed")
      o.first_seed = std::atoi(v);
    else if (k == "--units")
      o.units = std::atoi(v);
    else if (k == "--T")
      o.T = std::atoi(v);
    else if (k == "--sequences")
      o.sequences = std::atoi(v);
    else if (k == "--eval-every")
      o.eval_every = std::max(1, std::atoi(v));
    else if (k == "--validation")
      o.validation = std::strtof(v, nullptr);
    else if (k == "--noise")
      o.noise = std::strtof(v, nullptr);
    else if (k == "--lr")
      o.lr = std::strtof(v, nullptr);
    else if (k == "--rates")
      o.rates = parse_list(v);
    else if (k == "--steps") {
      o.steps.clear();
      for (float s : parse_list(v)) o.steps.push_back(static_cast<int>(s));
      std::sort(o.steps.begin(), o.steps.end());
    } else {
      std::fprintf(stderr, "unknown option %s (see the comment at the top of bench/rnn_dropout_effect.cpp)\n",
                   k.c_str());
      std::exit(2);
    }
  }
  return o;
}

struct Variant {
  std::string name;
  dp::rnn::RecurrentDropoutSpec dropout;
  int naive_twin;  // for a variational variant: the per-step twin (same rate and sites), else -1
};

constexpr int kThirds = 3;
struct Point {  // one variant, one seed, one checkpoint
  double loss, best, accuracy, train_loss;
  double by_start[kThirds];  // pattern: accuracy on the validation sequences holding the pattern, by its start
};

// Where the pattern starts in each validation sequence (-1: none): the same seed without
// noise has the same starts (the noise has its own stream) and zeros elsewhere.
std::vector<int> pattern_starts(dp::SequenceSpec spec) {
  spec.noise = 0.0f;
  const dp::SequenceDataset clean = dp::make_sequence_dataset(spec);
  std::vector<int> starts(clean.validation.count, -1);
  for (int i = 0; i < clean.validation.count; ++i)
    for (int t = 0; t < clean.steps; ++t)
      if (clean.validation.x[static_cast<size_t>(i) * clean.steps + t] != 0.0f) {
        starts[i] = t;
        break;
      }
  return starts;
}

std::vector<Point> train_one(const Options& o, const dp::SequenceDataset& d, const std::vector<int>& starts,
                             const Variant& v, uint64_t seed) {
  dp::rnn::SequenceModelConfig c;
  c.shape.cell = o.lstm ? dp::rnn::Cell::Lstm : dp::rnn::Cell::TanhRnn;
  c.shape.inputs = d.inputs;
  c.shape.units = o.units;
  c.head = d.many_to_many ? dp::rnn::Head::ManyToMany : dp::rnn::Head::ManyToOne;
  c.task = d.many_to_many ? dp::Task::Regression : dp::Task::Binary;
  c.outputs = 1;
  c.dropout = v.dropout;
  c.learning_rate = o.lr;
  c.seed = seed;
  const std::string err = dp::rnn::validate_sequence_model_config(c);
  if (!err.empty()) {
    std::fprintf(stderr, "config: %s\n", err.c_str());
    std::exit(2);
  }
  dp::rnn::SequenceModel m = dp::rnn::make_sequence_model(c);
  const int T = d.steps, nt = d.train.count, nv = d.validation.count;
  std::vector<float> p(static_cast<size_t>(nv) * (d.many_to_many ? T : 1));
  std::vector<Point> out;
  double best = 1e30;
  int done = 0;
  for (int checkpoint : o.steps) {
    while (done < checkpoint) {
      dp::rnn::train_step(m, nt, T, d.train.x.data(), d.train.y.data());
      ++done;
      if (done % o.eval_every == 0 || done == checkpoint)
        best = std::min(best, dp::rnn::evaluate(m, nv, T, d.validation.x.data(), d.validation.y.data()).loss);
    }
    const dp::rnn::Evaluation e = dp::rnn::evaluate(m, nv, T, d.validation.x.data(), d.validation.y.data());
    Point pt{e.loss, best, e.accuracy, dp::rnn::evaluate(m, nt, T, d.train.x.data(), d.train.y.data()).loss, {}};
    if (!d.many_to_many) {
      dp::rnn::sequence_loss(m, nv, T, d.validation.x.data(), d.validation.y.data(), nullptr, false, p.data());
      int right[kThirds] = {}, count[kThirds] = {};
      for (int i = 0; i < nv; ++i) {
        if (starts[i] < 0) continue;
        const int third = std::min(kThirds - 1, starts[i] * kThirds / (T - 3));
        ++count[third];
        right[third] += p[i] > 0.5f;
      }
      for (int k = 0; k < kThirds; ++k) pt.by_start[k] = count[k] ? static_cast<double>(right[k]) / count[k] : NAN;
    }
    out.push_back(pt);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  auto spec = [](RecurrentDropout mode, float in, float rec) {
    dp::rnn::RecurrentDropoutSpec s;
    s.mode = mode, s.input_rate = in, s.recurrent_rate = rec;
    return s;
  };
  std::vector<Variant> variants{{"none", spec(RecurrentDropout::Naive, 0, 0), -1}};
  for (float r : o.rates) {
    char name[96];
    std::snprintf(name, sizeof name, "naive %.2g (in + rec)", r);
    variants.push_back({name, spec(RecurrentDropout::Naive, r, r), -1});
    const int naive_both = static_cast<int>(variants.size()) - 1;
    std::snprintf(name, sizeof name, "non-recurrent %.2g (in)", r);
    variants.push_back({name, spec(RecurrentDropout::NonRecurrent, r, 0), -1});
    const int nonrecurrent = static_cast<int>(variants.size()) - 1;
    std::snprintf(name, sizeof name, "variational %.2g (in + rec)", r);
    variants.push_back({name, spec(RecurrentDropout::Variational, r, r), naive_both});
    std::snprintf(name, sizeof name, "naive %.2g (rec only)", r);
    variants.push_back({name, spec(RecurrentDropout::Naive, 0, r), -1});
    const int naive_rec = static_cast<int>(variants.size()) - 1;
    std::snprintf(name, sizeof name, "variational %.2g (rec only)", r);
    variants.push_back({name, spec(RecurrentDropout::Variational, 0, r), naive_rec});
    std::snprintf(name, sizeof name, "variational %.2g (in only)", r);
    variants.push_back({name, spec(RecurrentDropout::Variational, r, 0), nonrecurrent});
  }
  const int V = static_cast<int>(variants.size()), C = static_cast<int>(o.steps.size()), S = o.seeds;
  std::vector<std::vector<std::vector<Point>>> runs(V);  // runs[v][s][checkpoint]
  bool many_to_many = false;
  for (int s = 0; s < S; ++s) {
    dp::SequenceSpec ds;
    ds.name = o.data, ds.sequences = o.sequences, ds.steps = o.T, ds.noise = o.noise, ds.validation = o.validation;
    ds.seed = static_cast<uint64_t>(o.first_seed + s);
    const std::string err = dp::validate_sequence_spec(ds);
    if (!err.empty()) {
      std::fprintf(stderr, "data: %s\n", err.c_str());
      return 2;
    }
    const dp::SequenceDataset d = dp::make_sequence_dataset(ds);
    many_to_many = d.many_to_many;
    const std::vector<int> starts = many_to_many ? std::vector<int>{} : pattern_starts(ds);
    for (int v = 0; v < V; ++v) runs[v].push_back(train_one(o, d, starts, variants[v], ds.seed));
  }

  const int n_val = static_cast<int>(std::lround(o.sequences * static_cast<double>(o.validation)));
  std::printf(
      "%s: %d sequences (%d training, %d validation), T %d, noise %.2f; %s %d units; Adam %.4g, full batch; "
      "seeds %d-%d (data seed = network seed)\n",
      o.data.c_str(), o.sequences, o.sequences - n_val, n_val, o.T, o.noise, o.lstm ? "LSTM" : "tanh RNN", o.units,
      o.lr, o.first_seed, o.first_seed + S - 1);
  for (int c = 0; c < C; ++c) {
    std::printf("\nafter %d steps (best = lowest validation loss over evaluations every %d steps)\n", o.steps[c],
                o.eval_every);
    std::printf(
        "| dropout | val loss | best val | val acc | train loss | gap | loss < none | best < none | acc > none "
        "| variational vs per step: loss / best / acc |%s\n|---|---|---|---|---|---|---|---|---|---|%s\n",
        many_to_many ? "" : " pattern early / middle / late: acc |", many_to_many ? "" : "---|");
    for (int v = 0; v < V; ++v) {
      double fl = 0, bl = 0, acc = 0, tl = 0, third[kThirds] = {};
      int third_n[kThirds] = {}, wl = 0, wb = 0, wa = 0, sl = 0, sb = 0, sa = 0;
      for (int s = 0; s < S; ++s) {
        const Point& r = runs[v][s][c];
        const Point& n = runs[0][s][c];
        fl += r.loss / S, bl += r.best / S, acc += r.accuracy / S, tl += r.train_loss / S;
        wl += r.loss < n.loss, wb += r.best<n.best, wa += r.accuracy> n.accuracy;
        if (variants[v].naive_twin >= 0) {
          const Point& e = runs[variants[v].naive_twin][s][c];
          sl += r.loss < e.loss, sb += r.best<e.best, sa += r.accuracy> e.accuracy;
        }
        for (int k = 0; k < kThirds; ++k)
          if (!std::isnan(r.by_start[k])) third[k] += r.by_start[k], ++third_n[k];
      }
      char vs[64] = "", thirds[64] = "";
      if (variants[v].naive_twin >= 0) std::snprintf(vs, sizeof vs, "%d / %d / %d", sl, sb, sa);
      if (!many_to_many)
        std::snprintf(thirds, sizeof thirds, " %.2f / %.2f / %.2f |", third[0] / std::max(1, third_n[0]),
                      third[1] / std::max(1, third_n[1]), third[2] / std::max(1, third_n[2]));
      const char* fmt = many_to_many ? "| %s | %.4f | %.4f | — | %.4f | %.4f | %s | %s | — | %s |%s\n"
                                     : "| %s | %.3f | %.3f | %.3f | %.4f | %.3f | %s | %s | %s | %s |%s\n";
      char w1[16] = "—", w2[16] = "—", w3[16] = "—";
      if (v > 0) {
        std::snprintf(w1, sizeof w1, "%d/%d", wl, S);
        std::snprintf(w2, sizeof w2, "%d/%d", wb, S);
        std::snprintf(w3, sizeof w3, "%d/%d", wa, S);
      }
      if (many_to_many)
        std::printf(fmt, variants[v].name.c_str(), fl, bl, tl, fl - tl, w1, w2, vs, thirds);
      else
        std::printf(fmt, variants[v].name.c_str(), fl, bl, acc, tl, fl - tl, w1, w2, w3, vs, thirds);
    }
  }
  return 0;
}
