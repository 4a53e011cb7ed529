#include "outcome/parse.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>
#include <vector>

#include "text/suggest.hpp"

namespace cloudsim::outcome {
namespace {

constexpr const char* kTargetForm =
    "expected se(OUTCOME) < STANDARD_ERROR, e.g. se(share(IaaS, Alibaba, 2025Q4)) < 0.002";

// What each function takes, in order; the last (PERIOD) may be left out.
enum class Role { segment, provider, quarters, period };
struct Signature {
  QuantityKind kind;
  const char* usage;
  std::vector<Role> roles;
};

const std::vector<Signature>& signatures() {
  using enum Role;
  static const std::vector<Signature> all = {
      {QuantityKind::share, "share(SEGMENT, PROVIDER[, PERIOD])", {segment, provider, period}},
      {QuantityKind::revenue, "revenue(SEGMENT, PROVIDER[, PERIOD])", {segment, provider, period}},
      {QuantityKind::profit, "profit(PROVIDER[, PERIOD])", {provider, period}},
      {QuantityKind::cumulative_profit,
       "cumulative_profit(PROVIDER[, PERIOD])",
       {provider, period}},
      {QuantityKind::growth,
       "growth(SEGMENT, PROVIDER, QUARTERS[, PERIOD])",
       {segment, provider, quarters, period}},
      {QuantityKind::price, "price(PROVIDER[, PERIOD])", {provider, period}},
      {QuantityKind::demand, "demand(SEGMENT[, PERIOD])", {segment, period}},
  };
  return all;
}

const char* role_name(Role role) {
  switch (role) {
    case Role::segment:
      return "a segment";
    case Role::provider:
      return "a provider";
    case Role::quarters:
      return "a number of quarters";
    case Role::period:
      return "a period";
  }
  return "";
}

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  // Offsets in characters: UTF-8 continuation bytes do not count.
  [[nodiscard]] std::size_t offset(std::size_t byte) const {
    std::size_t count = 0;
    for (std::size_t k = 0; k < byte && k < text_.size(); ++k)
      if ((static_cast<unsigned char>(text_[k]) & 0xC0) != 0x80)
        ++count;
    return count;
  }
  [[noreturn]] void fail(std::size_t byte, const std::string& reason) const {
    throw OutcomeError(offset(byte), reason);
  }

  void skip_spaces() {
    while (at_ < text_.size() && is_space(text_[at_]))
      ++at_;
  }
  [[nodiscard]] bool at_end() {
    skip_spaces();
    return at_ == text_.size();
  }
  [[nodiscard]] std::size_t position() const { return at_; }
  bool accept(std::string_view symbol) {
    skip_spaces();
    if (text_.substr(at_, symbol.size()) != symbol)
      return false;
    at_ += symbol.size();
    return true;
  }
  void expect(std::string_view symbol, const std::string& reason) {
    if (!accept(symbol))
      fail(at_, reason);
  }
  // Letters, digits and underscores from here (none: empty).
  std::string word() {
    skip_spaces();
    const std::size_t start = at_;
    while (at_ < text_.size() &&
           (std::isalnum(static_cast<unsigned char>(text_[at_])) != 0 || text_[at_] == '_'))
      ++at_;
    return std::string(text_.substr(start, at_ - start));
  }
  // Whether the next word is `expected` followed by an opening parenthesis (not consumed).
  bool looking_at_call(std::string_view expected) {
    const std::size_t saved = at_;
    const bool found = word() == expected && accept("(");
    at_ = saved;
    return found;
  }

  Quantity quantity() {
    skip_spaces();
    const std::size_t start = at_;
    const std::string name = word();
    const Signature* signature = nullptr;
    std::vector<std::string> known;
    for (const auto& candidate : signatures()) {
      known.emplace_back(name_of(candidate.kind));
      if (name == name_of(candidate.kind))
        signature = &candidate;
    }
    if (signature == nullptr) {
      const std::string found = !name.empty()           ? "'" + name + "'"
                                : start == text_.size() ? std::string("the end of the text")
                                                        : "'" + rest(start) + "'";
      fail(start,
           "expected a quantity (share, revenue, profit, cumulative_profit, growth, price or "
           "demand), found " +
               found + text::did_you_mean(name, known));
    }
    expect("(", std::string("expected '(' after '") + name + "'");
    Quantity quantity;
    quantity.kind = signature->kind;
    quantity.offset = offset(start);
    const auto arguments = argument_list(name);
    const std::size_t most = signature->roles.size();
    if (arguments.size() + 1 < most || arguments.size() > most) {
      fail(start, std::string(signature->usage) + " takes " + std::to_string(most - 1) + " or " +
                      std::to_string(most) + " arguments, found " +
                      std::to_string(arguments.size()));
    }
    for (std::size_t k = 0; k < arguments.size(); ++k) {
      const auto& [text, byte] = arguments[k];
      const Role role = signature->roles[k];
      if (text.empty())
        fail(byte, std::string("expected ") + role_name(role) + " in " + signature->usage);
      Name named{text, offset(byte)};
      switch (role) {
        case Role::segment:
          quantity.segment = named;
          break;
        case Role::provider:
          quantity.provider = named;
          break;
        case Role::period:
          quantity.period = named;
          break;
        case Role::quarters:
          quantity.quarters = whole_quarters(text, byte);
          break;
      }
    }
    return quantity;
  }

  Condition condition() {
    Condition condition;
    condition.quantity = quantity();
    skip_spaces();
    if (accept(">="))
      condition.comparison = Comparison::at_least;
    else if (accept("<="))
      condition.comparison = Comparison::at_most;
    else if (accept(">"))
      condition.comparison = Comparison::above;
    else if (accept("<"))
      condition.comparison = Comparison::below;
    else
      fail(at_, "expected a comparison (>=, <=, > or <) after the quantity");
    condition.threshold = number("a number (the threshold)");
    return condition;
  }

  Outcome outcome() {
    Outcome outcome;
    if (looking_at_call("P")) {
      (void)word();
      (void)accept("(");
      outcome.measure = condition();
      expect(")", "expected ')' to close 'P('");
    } else {
      outcome.measure = quantity();
      skip_spaces();
      if (at_ < text_.size() && (text_[at_] == '<' || text_[at_] == '>'))
        fail(at_, "a condition is not an outcome: write P(QUANTITY >= X) for its probability");
    }
    skip_spaces();
    if (at_ < text_.size() && text_[at_] == '[')
      outcome.difference = difference();
    return outcome;
  }

  Target target() {
    if (!looking_at_call("se"))
      fail(at_, kTargetForm);
    (void)word();
    (void)accept("(");
    Target target;
    target.outcome = outcome();
    expect(")", "expected ')' to close 'se('");
    if (accept("<="))
      target.inclusive = true;
    else if (!accept("<"))
      fail(at_, "expected '<' and the standard error asked for after se(…)");
    skip_spaces();
    target.goal_offset = offset(at_);
    target.goal = number("a number (the standard error asked for)");
    if (!(target.goal > 0.0))
      throw OutcomeError(target.goal_offset, "the standard error asked for must be positive");
    return target;
  }

  void finish(const char* what) {
    if (!at_end())
      fail(at_, std::string("unexpected '") + rest(at_) + "' after the " + what);
  }

 private:
  [[nodiscard]] std::string rest(std::size_t byte) const { return std::string(text_.substr(byte)); }

  // The arguments up to the closing parenthesis, each trimmed, with the byte it starts at.
  std::vector<std::pair<std::string, std::size_t>> argument_list(const std::string& function) {
    std::vector<std::pair<std::string, std::size_t>> arguments;
    std::size_t start = at_;
    while (true) {
      if (at_ == text_.size())
        fail(at_, "expected ')' to close '" + function + "('");
      const char c = text_[at_];
      if (c == '(' || c == '[' || c == ']')
        fail(at_, std::string("unexpected '") + c + "' in the arguments of '" + function + "'");
      if (c == ',' || c == ')') {
        std::size_t first = start;
        std::size_t last = at_;
        while (first < last && is_space(text_[first]))
          ++first;
        while (last > first && is_space(text_[last - 1]))
          --last;
        const bool empty_call = c == ')' && arguments.empty() && first == last;
        if (!empty_call)
          arguments.emplace_back(std::string(text_.substr(first, last - first)), first);
        ++at_;
        if (c == ')')
          return arguments;
        start = at_;
        continue;
      }
      ++at_;
    }
  }

  int whole_quarters(const std::string& text, std::size_t byte) const {
    int value = 0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    if (result.ec != std::errc() || result.ptr != text.data() + text.size() || value < 1 ||
        std::isdigit(static_cast<unsigned char>(text.front())) == 0) {
      fail(byte, "expected a whole number of quarters (1 or more), found '" + text + "'");
    }
    return value;
  }

  // [+-]digits[.digits][e[+-]digits], at least one digit before the exponent.
  double number(const char* what) {
    skip_spaces();
    const std::size_t start = at_;
    std::size_t k = at_;
    const auto digits = [&] {
      const std::size_t from = k;
      while (k < text_.size() && std::isdigit(static_cast<unsigned char>(text_[k])) != 0)
        ++k;
      return k - from;
    };
    if (k < text_.size() && (text_[k] == '+' || text_[k] == '-'))
      ++k;
    std::size_t mantissa = digits();
    if (k < text_.size() && text_[k] == '.') {
      ++k;
      mantissa += digits();
    }
    if (mantissa > 0 && k < text_.size() && (text_[k] == 'e' || text_[k] == 'E')) {
      std::size_t e = k + 1;
      if (e < text_.size() && (text_[e] == '+' || text_[e] == '-'))
        ++e;
      const std::size_t before = k;
      k = e;
      if (digits() == 0)
        k = before;  // "2e" is the number 2 followed by 'e'
    }
    if (mantissa == 0)
      fail(start, std::string("expected ") + what);
    std::string token(text_.substr(start, k - start));
    if (token.front() == '+')
      token.erase(0, 1);
    double value = 0.0;
    const auto result = std::from_chars(token.data(), token.data() + token.size(), value);
    if (result.ec != std::errc() || !std::isfinite(value))
      fail(start, "'" + std::string(text_.substr(start, k - start)) + "' is out of range");
    at_ = k;
    return value;
  }

  std::pair<Name, Name> difference() {
    const std::size_t open = at_;
    ++at_;
    const auto close = text_.find(']', at_);
    if (close == std::string_view::npos)
      fail(open, "expected ']' to close '['");
    // The minus between the names has spaces on both sides: names may hold hyphens.
    std::optional<std::size_t> minus;
    for (std::size_t k = at_ + 1; k + 1 < close; ++k) {
      if (text_[k] == '-' && is_space(text_[k - 1]) && is_space(text_[k + 1])) {
        if (minus)
          fail(k, "expected [A - B] with one minus between spaces");
        minus = k;
      }
    }
    if (!minus)
      fail(open + 1, "expected [A - B]: two scenarios with spaces around the minus");
    const auto name = [&](std::size_t from, std::size_t to, const char* which) {
      while (from < to && is_space(text_[from]))
        ++from;
      while (to > from && is_space(text_[to - 1]))
        --to;
      if (from == to)
        fail(from, std::string("expected the ") + which + " scenario's name in [A - B]");
      return Name{std::string(text_.substr(from, to - from)), offset(from)};
    };
    std::pair<Name, Name> names{name(at_, *minus, "first"), name(*minus + 1, close, "second")};
    if (names.first.text == names.second.text)
      throw OutcomeError(names.second.offset,
                         "the difference of a scenario with itself is always zero");
    at_ = close + 1;
    return names;
  }

  std::string_view text_;
  std::size_t at_ = 0;
};

}  // namespace

OutcomeError::OutcomeError(std::size_t offset, const std::string& reason)
    : std::runtime_error("at character " + std::to_string(offset + 1) + ": " + reason),
      offset_(offset),
      reason_(reason) {}

std::string describe(const OutcomeError& error) {
  return error.what();
}

const char* name_of(QuantityKind kind) {
  switch (kind) {
    case QuantityKind::share:
      return "share";
    case QuantityKind::revenue:
      return "revenue";
    case QuantityKind::profit:
      return "profit";
    case QuantityKind::cumulative_profit:
      return "cumulative_profit";
    case QuantityKind::growth:
      return "growth";
    case QuantityKind::price:
      return "price";
    case QuantityKind::demand:
      return "demand";
  }
  return "";
}

const char* symbol_of(Comparison comparison) {
  switch (comparison) {
    case Comparison::at_least:
      return ">=";
    case Comparison::at_most:
      return "<=";
    case Comparison::above:
      return ">";
    case Comparison::below:
      return "<";
  }
  return "";
}

Condition parse_condition(std::string_view text) {
  Reader reader(text);
  Condition condition = reader.condition();
  reader.finish("condition");
  return condition;
}

Outcome parse_outcome(std::string_view text) {
  Reader reader(text);
  Outcome outcome = reader.outcome();
  reader.finish("outcome");
  return outcome;
}

Target parse_target(std::string_view text) {
  Reader reader(text);
  Target target = reader.target();
  reader.finish("target");
  return target;
}

}  // namespace cloudsim::outcome
