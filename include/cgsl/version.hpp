// SPDX-License-Identifier: Apache-2.0
// cgsl's version, as numbers and as text.
#ifndef CGSL_VERSION_HPP
#define CGSL_VERSION_HPP

#define CGSL_VERSION_MAJOR 0
#define CGSL_VERSION_MINOR 1
#define CGSL_VERSION_PATCH 0
#define CGSL_VERSION_STRING "0.1.0"

#endif  // CGSL_VERSION_HPP
