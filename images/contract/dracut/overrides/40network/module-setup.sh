#!/bin/bash
# Contract image override of dracut's 40network (see ../README.md): systemd-networkd only, no hooks.
check() { return 255; }
depends() { echo kernel-network-modules systemd-networkd; }
installkernel() { return 0; }
install() { inst_multiple ip; }
