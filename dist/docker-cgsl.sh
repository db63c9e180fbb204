#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# cgsl from the action's image, with the workspace mounted where the image works (/work), so
# that file names in reports are the workspace's relative names.
exec docker run --rm -v "$PWD:/work" -w /work cgsl-action "$@"
