#!/bin/sh
# a tool shipped by the basic golden sample
echo "tool ran: $*"
