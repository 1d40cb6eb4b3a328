// imaplib::compiled's one source (docs/building.md, separate compilation).
#include <imaplib/src.hpp>
