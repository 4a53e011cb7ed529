#pragma once
// A small streaming JSON writer: objects, arrays, strings (escaped by json_string), numbers in
// their shortest round-trip form (std::to_chars, so a reader gets the same double back) and null
// for NaN and infinities, which JSON cannot hold. The caller nests begin/end calls correctly; a
// mismatch is a programming error (std::logic_error).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cloudsim::text {

class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);  // inside an object, before each value

  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(double number);
  JsonWriter& value(std::uint64_t number);
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(bool flag);
  JsonWriter& null();
  JsonWriter& strings(const std::vector<std::string>& texts);  // an array of strings

  // The document, once every object and array is closed.
  [[nodiscard]] const std::string& text() const;

 private:
  void before_value();

  struct Level {
    bool object = false;
    bool empty = true;
    bool key_pending = false;
  };
  std::string out_;
  std::vector<Level> levels_;
  bool done_ = false;
};

// The shortest text that reads back as the same double ("null" for NaN and infinities).
std::string json_number(double number);

}  // namespace cloudsim::text
