// imaplib-cpp: the response grammar and its typed views (everything of grammar/).
#ifndef IMAPLIB_GRAMMAR_GRAMMAR_HPP
#define IMAPLIB_GRAMMAR_GRAMMAR_HPP

#include <imaplib/grammar/core.hpp>
#include <imaplib/grammar/index.hpp>
#include <imaplib/grammar/lexical.hpp>
#include <imaplib/grammar/parse.hpp>
#include <imaplib/grammar/response.hpp>
#include <imaplib/grammar/tape.hpp>
#include <imaplib/grammar/views.hpp>

#endif  // IMAPLIB_GRAMMAR_GRAMMAR_HPP
