// A minimal JSON reader for the reference numbers in tests/reference/:
// objects, arrays, numbers, strings, true/false/null. Tests only.
#pragma once
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace json_lite {

struct Value {
  enum Type { Null, Bool, Number, String, Array, Object } type = Null;
  double number = 0.0;
  bool boolean = false;
  std::string string;
  std::vector<Value> array;
  std::map<std::string, Value> object;

  const Value& operator[](const std::string& key) const {
    static const Value missing;
    auto it = object.find(key);
    return it == object.end() ? missing : it->second;
  }
  const Value& operator[](size_t i) const { return array.at(i); }
  size_t size() const { return type == Array ? array.size() : object.size(); }
  std::vector<double> numbers() const {  // a flat array, or an array of arrays flattened row-major
    std::vector<double> out;
    for (const Value& v : array) {
      if (v.type == Array)
        for (const Value& w : v.array) out.push_back(w.number);
      else
        out.push_back(v.number);
    }
    return out;
  }
};

class Parser {
 public:
  explicit Parser(std::string text) : s_(std::move(text)) {}
  Value parse() {
    Value v = value();
    skip();
    if (i_ != s_.size()) fail("trailing characters");
    return v;
  }

 private:
  [[noreturn]] void fail(const char* what) {
    throw std::runtime_error(std::string("json: ") + what + " at offset " + std::to_string(i_));
  }
  void skip() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) ++i_;
  }
  bool eat(char c) {
    skip();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  std::string str() {
    if (!eat('"')) fail("expected string");
    std::string out;
    while (i_ < s_.size() && s_[i_] != '"') {
      if (s_[i_] == '\\') ++i_;
      out += s_[i_++];
    }
    ++i_;
    return out;
  }
  Value value() {
    skip();
    Value v;
    if (i_ >= s_.size()) fail("unexpected end");
    const char c = s_[i_];
    if (c == '{') {
      v.type = Value::Object;
      ++i_;
      if (eat('}')) return v;
      do {
        std::string k = str();
        if (!eat(':')) fail("expected ':'");
        v.object[k] = value();
      } while (eat(','));
      if (!eat('}')) fail("expected '}'");
    } else if (c == '[') {
      v.type = Value::Array;
      ++i_;
      if (eat(']')) return v;
      do v.array.push_back(value());
      while (eat(','));
      if (!eat(']')) fail("expected ']'");
    } else if (c == '"') {
      v.type = Value::String;
      v.string = str();
    } else if (s_.compare(i_, 4, "true") == 0 || s_.compare(i_, 5, "false") == 0) {
      v.type = Value::Bool;
      v.boolean = c == 't';
      i_ += v.boolean ? 4 : 5;
    } else if (s_.compare(i_, 4, "null") == 0) {
      i_ += 4;
    } else {
      char* end = nullptr;
      v.type = Value::Number;
      v.number = std::strtod(s_.c_str() + i_, &end);
      if (end == s_.c_str() + i_) fail("bad number");
      i_ = static_cast<size_t>(end - s_.c_str());
    }
    return v;
  }
  std::string s_;
  size_t i_ = 0;
};

inline Value read_file(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error("cannot open " + path);
  std::stringstream ss;
  ss << f.rdbuf();
  return Parser(ss.str()).parse();
}

}  // namespace json_lite
