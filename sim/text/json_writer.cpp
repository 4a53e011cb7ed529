#include "text/json_writer.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

#include "text/json.hpp"

namespace cloudsim::text {

std::string json_number(double number) {
  if (!std::isfinite(number)) {
    return "null";
  }
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, number);
  return std::string(buffer, result.ptr);
}

void JsonWriter::before_value() {
  if (levels_.empty()) {
    if (done_)
      throw std::logic_error("JsonWriter: a second top-level value");
    done_ = true;
    return;
  }
  Level& level = levels_.back();
  if (level.object) {
    if (!level.key_pending)
      throw std::logic_error("JsonWriter: a value in an object without a key");
    level.key_pending = false;
    return;
  }
  if (!level.empty)
    out_ += ',';
  level.empty = false;
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  out_ += '{';
  levels_.push_back({true, true, false});
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  if (levels_.empty() || !levels_.back().object || levels_.back().key_pending)
    throw std::logic_error("JsonWriter: end_object without a matching begin_object");
  levels_.pop_back();
  out_ += '}';
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  out_ += '[';
  levels_.push_back({false, true, false});
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  if (levels_.empty() || levels_.back().object)
    throw std::logic_error("JsonWriter: end_array without a matching begin_array");
  levels_.pop_back();
  out_ += ']';
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  if (levels_.empty() || !levels_.back().object || levels_.back().key_pending)
    throw std::logic_error("JsonWriter: a key outside an object");
  Level& level = levels_.back();
  if (!level.empty)
    out_ += ',';
  level.empty = false;
  level.key_pending = true;
  out_ += json_string(name);
  out_ += ':';
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
  before_value();
  out_ += json_string(text);
  return *this;
}

JsonWriter& JsonWriter::value(double number) {
  before_value();
  out_ += json_number(number);
  return *this;
}

JsonWriter& JsonWriter::value(std::uint64_t number) {
  before_value();
  out_ += std::to_string(number);
  return *this;
}

JsonWriter& JsonWriter::value(std::int64_t number) {
  before_value();
  out_ += std::to_string(number);
  return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
  before_value();
  out_ += flag ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::strings(const std::vector<std::string>& texts) {
  begin_array();
  for (const auto& text : texts)
    value(std::string_view(text));
  return end_array();
}

const std::string& JsonWriter::text() const {
  if (!levels_.empty() || !done_)
    throw std::logic_error("JsonWriter: the document is not finished");
  return out_;
}

}  // namespace cloudsim::text
