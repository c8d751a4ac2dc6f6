#pragma once

namespace dp {

// What the network's output head predicts.
enum class Task { Binary, Multiclass, Regression };

}  // namespace dp
