#!/bin/sh
# Written by Ignition with mode 0755 (cl.ignition.files); running it proves the executable bit.
echo "tool ran as $(id -un)"
