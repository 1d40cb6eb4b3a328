# Configures, builds and runs one consumer project (cmake -P script, run by CTest).
#
#   cmake -D MODE=find_package|add_subdirectory|fetchcontent|separate|separate_single_header
#         -D IMAPLIB_SOURCE_DIR=<tree>
#         -D WORK_DIR=<scratch dir> -D GENERATOR=<generator> -D CXX=<compiler>
#         [-D WITH_ASIO=ON|OFF] [-D WITH_TLS=ON|OFF] [-D PKG_CONFIG=<pkg-config>]
#         -P run.cmake
#
# find_package installs imaplib into WORK_DIR/prefix first, then also compiles the
# consumer with only the flags `pkg-config --cflags --libs imaplib` gives.
cmake_minimum_required(VERSION 3.16)

foreach(_var MODE IMAPLIB_SOURCE_DIR WORK_DIR GENERATOR CXX)
    if(NOT DEFINED ${_var} OR "${${_var}}" STREQUAL "")
        message(FATAL_ERROR "run.cmake: -D ${_var}=... is required")
    endif()
endforeach()
if(NOT DEFINED WITH_ASIO)
    set(WITH_ASIO ON)
endif()
if(NOT WITH_TLS)
    set(WITH_TLS OFF)
endif()

function(step)
    string(REPLACE ";" " " _shown "${ARGN}")
    message(STATUS "run.cmake: ${_shown}")
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE _rc)
    if(NOT _rc EQUAL 0)
        message(FATAL_ERROR "run.cmake (${MODE}): failed (${_rc}): ${_shown}")
    endif()
endfunction()

set(_consumers "${CMAKE_CURRENT_LIST_DIR}")
file(REMOVE_RECURSE "${WORK_DIR}")
set(_common -G "${GENERATOR}" "-DCMAKE_CXX_COMPILER=${CXX}" -DCMAKE_BUILD_TYPE=Release)
if(WITH_TLS)
    set(_tls ON)
else()
    set(_tls OFF)
endif()

if(MODE STREQUAL "find_package")
    set(_prefix "${WORK_DIR}/prefix")
    step("${CMAKE_COMMAND}" -S "${IMAPLIB_SOURCE_DIR}" -B "${WORK_DIR}/imaplib-build" ${_common}
         "-DCMAKE_INSTALL_PREFIX=${_prefix}" -DIMAPLIB_BUILD_TESTS=OFF -DIMAPLIB_BUILD_EXAMPLES=OFF
         "-DIMAPLIB_ASIO=${WITH_ASIO}" "-DIMAPLIB_TLS=${_tls}")
    step("${CMAKE_COMMAND}" --build "${WORK_DIR}/imaplib-build")
    step("${CMAKE_COMMAND}" --install "${WORK_DIR}/imaplib-build")

    # The installed package must not point back into the source or build tree.
    file(GLOB_RECURSE _installed "${_prefix}/*.cmake" "${_prefix}/*.pc")
    foreach(_file IN LISTS _installed)
        file(READ "${_file}" _text)
        # The prefix itself may lie inside the source tree (a build/ folder there): its own
        # path is not a reference back into the trees.
        string(REPLACE "${_prefix}" "<prefix>" _text "${_text}")
        foreach(_tree "${IMAPLIB_SOURCE_DIR}" "${WORK_DIR}/imaplib-build")
            string(FIND "${_text}" "${_tree}" _at)
            if(NOT _at EQUAL -1)
                message(FATAL_ERROR "run.cmake: ${_file} refers to ${_tree}")
            endif()
        endforeach()
    endforeach()

    step("${CMAKE_COMMAND}" -S "${_consumers}/find_package" -B "${WORK_DIR}/consumer-build" ${_common}
         "-DCMAKE_PREFIX_PATH=${_prefix}" "-DCONSUMER_TLS=${_tls}")
    step("${CMAKE_COMMAND}" --build "${WORK_DIR}/consumer-build")
    step("${WORK_DIR}/consumer-build/consumer")

    if(PKG_CONFIG)
        set(_pc_modules imaplib)
        set(_pc_defs "")
        if(_tls)
            set(_pc_modules imaplib-tls)
            set(_pc_defs -DCONSUMER_EXPECT_TLS)
        endif()
        execute_process(
            COMMAND "${CMAKE_COMMAND}" -E env "PKG_CONFIG_PATH=${_prefix}/share/pkgconfig"
                    "${PKG_CONFIG}" --cflags --libs ${_pc_modules}
            OUTPUT_VARIABLE _pc_flags OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE _rc)
        if(NOT _rc EQUAL 0)
            message(FATAL_ERROR "run.cmake: pkg-config ${_pc_modules} failed against ${_prefix}")
        endif()
        separate_arguments(_pc_flags UNIX_COMMAND "${_pc_flags}")
        step("${CXX}" -std=c++17 -Wall -Wextra -Wpedantic -Werror ${_pc_defs}
             "${_consumers}/consumer.cpp" ${_pc_flags} -o "${WORK_DIR}/consumer-pkg-config")
        step("${WORK_DIR}/consumer-pkg-config")
    endif()
elseif(MODE STREQUAL "add_subdirectory" OR MODE STREQUAL "fetchcontent")
    set(_extra "-DIMAPLIB_SOURCE_DIR=${IMAPLIB_SOURCE_DIR}"
               "-DFETCHCONTENT_SOURCE_DIR_IMAPLIB=${IMAPLIB_SOURCE_DIR}"
               "-DIMAPLIB_ASIO=${WITH_ASIO}" "-DIMAPLIB_TLS=${_tls}")
    step("${CMAKE_COMMAND}" -S "${_consumers}/${MODE}" -B "${WORK_DIR}/build" ${_common} ${_extra})
    step("${CMAKE_COMMAND}" --build "${WORK_DIR}/build")
    step("${WORK_DIR}/build/consumer")
    if(EXISTS "${WORK_DIR}/build/consumer_tls")
        step("${WORK_DIR}/build/consumer_tls")
    endif()
elseif(MODE STREQUAL "separate" OR MODE STREQUAL "separate_single_header")
    # Separate compilation: imaplib::compiled, or the single header and a source TU.
    if(MODE STREQUAL "separate_single_header")
        set(_single ON)
    else()
        set(_single OFF)
    endif()
    step("${CMAKE_COMMAND}" -S "${_consumers}/separate" -B "${WORK_DIR}/build" ${_common}
         "-DIMAPLIB_SOURCE_DIR=${IMAPLIB_SOURCE_DIR}" "-DCONSUMER_SINGLE_HEADER=${_single}"
         "-DIMAPLIB_ASIO=${WITH_ASIO}" "-DIMAPLIB_TLS=${_tls}")
    step("${CMAKE_COMMAND}" --build "${WORK_DIR}/build")
    step("${WORK_DIR}/build/consumer")
else()
    message(FATAL_ERROR "run.cmake: unknown MODE '${MODE}'")
endif()
