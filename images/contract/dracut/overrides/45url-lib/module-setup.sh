#!/bin/bash
# Contract image override of dracut's 45url-lib (see ../README.md): no curl, only the CA bundle.
check() { return 255; }
depends() { return 0; }
install() { inst_simple /etc/ssl/certs/ca-certificates.crt; }
