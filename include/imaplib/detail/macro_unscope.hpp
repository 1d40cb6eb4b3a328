// imaplib-cpp: removes the internal macros again (the nlohmann/json macro_unscope idea),
// so that including <imaplib/imaplib.hpp> leaves only the public IMAPLIB_VERSION_* and
// feature macros behind. config.hpp defines these outside its include guard, so any
// imaplib header included later gets them back.
//
// No include guard: it is included once, at the end of the umbrella header.

#undef IMAPLIB_BEGIN_NAMESPACE
#undef IMAPLIB_END_NAMESPACE
#undef IMAPLIB_ABI_NAMESPACE
#undef IMAPLIB_CONCAT
#undef IMAPLIB_CONCAT_IMPL
#undef IMAPLIB_ALWAYS_INLINE
#undef IMAPLIB_NOINLINE
#undef IMAPLIB_DECL
