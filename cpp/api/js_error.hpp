// How a refused call reaches JS. C++ never throws into JS: an exception thrown
// from JS through wasm frames skips their epilogues, so the wasm stack pointer
// is never restored and the emval handles of the arguments are never released
// (every rejected call leaked stack and kept its argument alive). Instead a
// bound function reports the message here, lets every C++ object go out of
// scope, and returns normally; boundary.js then throws the JS Error.
#pragma once
#include <string>

namespace dp::api {

void report_error(const std::string& message);

}  // namespace dp::api
