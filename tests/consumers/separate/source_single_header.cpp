// Separate compilation with the single header: the one TU that compiles the clients.
#define IMAPLIB_SOURCE
#include <imaplib/imaplib.hpp>
