// imaplib-cpp: FETCH responses checked over their value index.
//
// FETCH responses are most of the bytes a client parses. The grammar (response.hpp)
// matches them byte by byte, through several rule levels for each value. Here the value
// index (index.hpp) is built first and the same productions are checked over its
// entries, one entry a value: its kind, its bytes and where its neighbours start say in
// constant time whether it is the nstring, number or list the production wants, and the
// parts the index does not settle (date-time, flag, an item name's section) are matched
// by the grammar's own rules. Every item of msg-att is known here but ANNOTATION and
// those of unknown extensions (X-GM-LABELS, ...).
//
// It accepts part of the grammar's language: every production in its strict form,
// keywords in upper case, one SP between values, every limit kept. On anything else it
// answers "not mine" and parse_response runs the grammar, which has the last word and
// says what is wrong. The tests hold the two together over every seed and its one-byte
// mutations: what this accepts, the grammar accepts, with the same views.
#ifndef IMAPLIB_GRAMMAR_FETCH_CHECK_HPP
#define IMAPLIB_GRAMMAR_FETCH_CHECK_HPP

#include <imaplib/config.hpp>
#include <imaplib/detail/literal_header.hpp>
#include <imaplib/grammar/core.hpp>
#include <imaplib/grammar/index.hpp>
#include <imaplib/grammar/lexical.hpp>
#include <imaplib/grammar/response.hpp>
#include <imaplib/grammar/views.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

IMAPLIB_BEGIN_NAMESPACE

namespace grammar {
namespace detail {

class fetch_check {
public:
    fetch_check(std::string_view frame, const parse_options& opts) noexcept
        : base_(frame.data()),
          opts_(opts),
          max_depth_(depth_limit(opts)),
          strict_(opts.strictness == mode::strict) {}

    // Where the payload of `* nz-number FETCH (...)` CRLF starts (at its "("), or 0 when
    // the frame is not one, or too long for the fast path to vouch for its limits.
    static std::size_t payload_start(std::string_view frame, const parse_options& opts) noexcept {
        constexpr std::string_view name = " FETCH (";
        if (opts.greeting || frame.size() > opts.limits.max_line ||
            frame.size() > opts.limits.max_response || frame.size() < 14 ||
            frame.substr(0, 2) != "* " || frame.substr(frame.size() - 3) != ")\r\n")
            return 0;
        std::size_t i = 2;
        while (i < frame.size() && frame[i] >= '0' && frame[i] <= '9') ++i;
        const std::string_view seq = frame.substr(2, i - 2);
        if (seq.empty() || seq.size() > 10 || seq[0] == '0' || *to_uint(seq) > UINT32_MAX ||
            frame.substr(i, name.size()) != name)
            return 0;
        return i + name.size() - 1;
    }

    // msg-att, the bytes [begin, end) of the frame, as `index` recorded them.
    bool response(const value_index& index, std::size_t begin, std::size_t end) {
        if (index.empty() || !index.regular_strings()) return false;
        const index_entry* att = index.begin();
        return att->begin == begin && att->end == end && att->span == index.size() && msg_att(att);
    }

private:
    // The values of one list in order, each where the strict grammar puts it.
    class items {
    public:
        explicit items(const index_entry* list) noexcept
            : next_(list + 1),
              stop_(list + list->span),
              at_(list->begin + 1),
              last_end_(list->begin + 1),
              close_(list->end - 1) {}
        // The next value: after "(" if it is the first, else after one SP. Null if
        // there is none there.
        const index_entry* next() noexcept { return take(at_); }
        // The next value right after the last one (`(...)(...)` in a multipart body).
        const index_entry* adjacent() noexcept { return take(last_end_); }
        const index_entry* peek() const noexcept { return next_ != stop_ ? next_ : nullptr; }
        // Whether the list ends here, its ")" right after the last value.
        bool done() const noexcept { return next_ == stop_ && last_end_ == close_; }

    private:
        const index_entry* take(std::uint32_t where) noexcept {
            if (next_ == stop_ || next_->begin != where) return nullptr;
            const index_entry* v = next_;
            next_ += v->span;
            at_ = v->end + 1;  // the tokens between values are spaces: one byte, one SP
            last_end_ = v->end;
            return v;
        }

        const index_entry* next_;
        const index_entry* stop_;
        std::uint32_t at_, last_end_, close_;
    };

    static constexpr std::uint64_t max_number = UINT32_MAX;
    static constexpr std::uint64_t max_number64 = 0x7fffffffffffffffull;

    std::string_view bytes(const index_entry* v) const noexcept {
        return {base_ + v->begin, static_cast<std::size_t>(v->end - v->begin)};
    }
    static bool is(const index_entry* v, value_kind k) noexcept { return v && v->kind == k; }

    // number / number64 / nz-number; inlined by hand, as gcc's choice here moves with
    // the order of the headers (docs/grammar.md, fifth round)
    IMAPLIB_ALWAYS_INLINE bool number(const index_entry* v, std::uint64_t max, bool nonzero = false) const noexcept {
        if (!is(v, value_kind::number)) return false;
        const std::string_view d = bytes(v);
        const auto n = to_uint(d);
        return n && *n <= max && !(nonzero && d[0] == '0');
    }
    // literal = "{" number64 ["+"] "}" CRLF *CHAR8, literal8 = "~{" ... *OCTET (RFC
    // 3516); within limits::max_literal
    bool literal(const index_entry* v) const noexcept {
        const std::string_view b = bytes(v);
        const std::string_view data = b.substr(v->data_begin);
        const auto h = imaplib::detail::parse_literal_header(b.data(), b.data() + b.size(),
                                                             imaplib::detail::number64_max);
        return h.status == imaplib::detail::literal_header_status::ok && h.count == data.size() &&
               h.count <= opts_.limits.max_literal &&
               !(strict_ && v->kind == value_kind::literal &&
                 std::memchr(data.data(), '\0', data.size()));
    }
    // string = quoted / literal (regular_strings() vouched for every quoted one)
    bool string(const index_entry* v) const noexcept {
        return v && (v->kind == value_kind::quoted || (v->kind == value_kind::literal && literal(v)));
    }
    bool nstring(const index_entry* v) const noexcept { return is(v, value_kind::nil) || string(v); }
    // Whether v is what the grammar's quoted_word rule Word takes: a quoted string whose
    // content is Word::word in any case.
    template <class Word>
    bool quoted_word(const index_entry* v) const noexcept {
        return v->kind == value_kind::quoted && iequals(bytes(v).substr(1, bytes(v).size() - 2), Word::word);
    }

    // msg-att = "(" msg-att-item *(SP msg-att-item) ")"
    bool msg_att(const index_entry* list) {
        items it(list);
        do {
            const index_entry* name = it.next();
            if (!is(name, value_kind::atom) || !msg_att_item(bytes(name), it.next())) return false;
        } while (!it.done());
        return true;
    }

    bool msg_att_item(std::string_view name, const index_entry* v) {
        if (name == "UID") return number(v, max_number, true);  // uniqueid
        if (name == "FLAGS") return flag_list(v);
        if (name == "INTERNALDATE") return is(v, value_kind::quoted) && matches<date_time>(bytes(v), opts_);
        if (name == "RFC822.SIZE") return number(v, max_number64);
        if (name == "ENVELOPE") return envelope(v);
        if (name == "BODYSTRUCTURE" || name == "BODY") return body(v);
        if (name == "MODSEQ") return parenthesized(v) && number(v + 1, max_number64);
        if (name == "RFC822" || name == "RFC822.HEADER" || name == "RFC822.TEXT" || name == "PREVIEW")
            return nstring(v);
        // The names with a section, as att_body_section, att_binary and att_binary_size
        // read them; a name is one token, its brackets taken whole.
        if (starts_with(name, "BODY["))
            return nstring(v) && matches<seq<kw::BODY, section, opt<origin_octet>>>(name, opts_);
        if (starts_with(name, "BINARY["))
            return (nstring(v) || is_literal8(v)) &&
                   matches<seq<kw::BINARY, section_binary, opt<origin_octet>>>(name, opts_);
        if (starts_with(name, "BINARY.SIZE["))
            return number(v, max_number64) && matches<seq<kw::BINARY_SIZE, section_binary>>(name, opts_);
        // "(" objectid ")", THREADID also NIL (RFC 8474)
        if (name == "THREADID" && is(v, value_kind::nil)) return true;
        if (name == "EMAILID" || name == "THREADID")
            return parenthesized(v) && (is(v + 1, value_kind::atom) || is(v + 1, value_kind::number)) &&
                   matches<objectid>(bytes(v + 1), opts_);
        return false;
    }

    static bool starts_with(std::string_view s, std::string_view prefix) noexcept {
        return s.substr(0, prefix.size()) == prefix;
    }
    bool is_literal8(const index_entry* v) const noexcept {
        return is(v, value_kind::literal8) && literal(v);
    }
    // "(" value ")" without spaces: the one value is at v + 1
    static bool parenthesized(const index_entry* v) noexcept {
        if (!is(v, value_kind::list) || v->span != 2) return false;
        items it(v);
        return it.next() && it.done();
    }

    // "(" [flag-fetch *(SP flag-fetch)] ")"
    bool flag_list(const index_entry* v) {
        if (!is(v, value_kind::list)) return false;
        items it(v);
        while (!it.done()) {
            const index_entry* f = it.next();
            if (!(is(f, value_kind::atom) || is(f, value_kind::number) || is(f, value_kind::nil)) ||
                !matches<flag_fetch>(bytes(f), opts_))
                return false;
        }
        return true;
    }

    // envelope = "(" env-date SP env-subject SP env-from SP env-sender SP env-reply-to SP
    //            env-to SP env-cc SP env-bcc SP env-in-reply-to SP env-message-id ")"
    bool envelope(const index_entry* v) {
        if (!is(v, value_kind::list)) return false;
        items it(v);
        return nstring(it.next()) && nstring(it.next()) && address_list(it.next()) &&
               address_list(it.next()) && address_list(it.next()) && address_list(it.next()) &&
               address_list(it.next()) && address_list(it.next()) && nstring(it.next()) &&
               nstring(it.next()) && it.done();
    }

    // "(" 1*address ")" / nil
    bool address_list(const index_entry* v) {
        if (is(v, value_kind::nil)) return true;
        if (!is(v, value_kind::list)) return false;
        items it(v);
        if (!address(it.next())) return false;
        while (!it.done())
            if (!address(it.adjacent())) return false;
        return true;
    }

    // address = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")"
    bool address(const index_entry* v) {
        if (!is(v, value_kind::list)) return false;
        items it(v);
        return nstring(it.next()) && nstring(it.next()) && nstring(it.next()) &&
               nstring(it.next()) && it.done();
    }

    // body = "(" (body-type-1part / body-type-mpart) ")", nested within limits::max_depth
    bool body(const index_entry* v) {
        if (!is(v, value_kind::list) || depth_ >= max_depth_) return false;
        ++depth_;
        items it(v);
        const index_entry* first = it.peek();
        const bool ok = first && (first->kind == value_kind::list ? body_type_mpart(it) : body_type_1part(it));
        --depth_;
        return ok;
    }

    // body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]
    bool body_type_mpart(items& it) {
        if (!body(it.next())) return false;
        while (is(it.peek(), value_kind::list))
            if (!body(it.adjacent())) return false;
        if (!string(it.next())) return false;
        if (it.done()) return true;
        return body_fld_param(it.next()) && body_ext_tail(it);  // body-ext-mpart
    }

    // body-type-1part = (body-type-msg / body-type-text / body-type-basic) [SP body-ext-1part]
    bool body_type_1part(items& it) {
        const index_entry* type = it.next();
        const index_entry* subtype = it.next();
        if (!string(type) || !string(subtype) || !body_fields(it)) return false;
        if (quoted_word<media_type_message>(type) &&
            (quoted_word<media_subtype_rfc822>(subtype) || quoted_word<media_subtype_global>(subtype))) {
            // body-type-msg: ... SP envelope SP body SP body-fld-lines
            if (!envelope(it.next()) || !body(it.next()) || !number(it.next(), max_number64)) return false;
        } else if (quoted_word<media_type_text>(type)) {
            if (!number(it.next(), max_number64)) return false;  // body-type-text: SP body-fld-lines
        }
        if (it.done()) return true;
        return nstring(it.next()) && body_ext_tail(it);  // body-ext-1part: body-fld-md5 ...
    }

    // body-fields = body-fld-param SP body-fld-id SP body-fld-desc SP body-fld-enc SP
    //               body-fld-octets
    bool body_fields(items& it) {
        return body_fld_param(it.next()) && nstring(it.next()) && nstring(it.next()) &&
               string(it.next()) && number(it.next(), max_number64);
    }

    // body-fld-param = "(" string SP string *(SP string SP string) ")" / nil
    bool body_fld_param(const index_entry* v) {
        if (is(v, value_kind::nil)) return true;
        if (!is(v, value_kind::list)) return false;
        items it(v);
        do {
            if (!string(it.next()) || !string(it.next())) return false;
        } while (!it.done());
        return true;
    }

    // [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]]
    bool body_ext_tail(items& it) {
        if (it.done()) return true;
        if (!body_fld_dsp(it.next())) return false;
        if (it.done()) return true;
        if (!body_fld_lang(it.next())) return false;
        if (it.done()) return true;
        if (!nstring(it.next())) return false;  // body-fld-loc
        while (!it.done())
            if (!body_extension(it.next())) return false;
        return true;
    }

    // body-fld-dsp = "(" string SP body-fld-param ")" / nil
    bool body_fld_dsp(const index_entry* v) {
        if (is(v, value_kind::nil)) return true;
        if (!is(v, value_kind::list)) return false;
        items it(v);
        return string(it.next()) && body_fld_param(it.next()) && it.done();
    }

    // body-fld-lang = nstring / "(" string *(SP string) ")"
    bool body_fld_lang(const index_entry* v) {
        if (!is(v, value_kind::list)) return nstring(v);
        items it(v);
        do {
            if (!string(it.next())) return false;
        } while (!it.done());
        return true;
    }

    // body-extension = nstring / number64 / "(" body-extension *(SP body-extension) ")"
    // (the grammar also takes "()"), nested within limits::max_depth
    bool body_extension(const index_entry* v) {
        if (!v) return false;
        if (v->kind == value_kind::number) return number(v, max_number64);
        if (v->kind != value_kind::list) return nstring(v);
        if (depth_ >= max_depth_) return false;
        ++depth_;
        items it(v);
        bool ok = true;
        while (ok && !it.done()) ok = body_extension(it.next());
        --depth_;
        return ok;
    }

    const char* base_;
    const parse_options& opts_;
    std::size_t depth_ = 0;
    std::size_t max_depth_;
    bool strict_;
};

}  // namespace detail
}  // namespace grammar

IMAPLIB_END_NAMESPACE

#endif  // IMAPLIB_GRAMMAR_FETCH_CHECK_HPP
