// The only translation unit that defines Catch2's main(); every *_test.cpp links with it.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
