// SPDX-License-Identifier: Apache-2.0
// CGSL_EXPORT marks the public API. The library is built with hidden visibility, so the shared
// library exports only what carries this mark (a test checks the exported symbols).
#ifndef CGSL_EXPORT_HPP
#define CGSL_EXPORT_HPP

#if defined(_WIN32)
#define CGSL_EXPORT
#elif defined(__GNUC__) || defined(__clang__)
#define CGSL_EXPORT __attribute__((visibility("default")))
#else
#define CGSL_EXPORT
#endif

#endif  // CGSL_EXPORT_HPP
