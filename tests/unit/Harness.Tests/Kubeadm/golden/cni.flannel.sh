#!/bin/sh
# Installs flannel from its manifest (kola's way: flannel-io/flannel v0.26.7, images from ghcr.io/flannel-io) for the
# pod network 192.168.0.0/17. Runs on the control plane as root (KubeadmConfigs.CniScript fills in the placeholders).
#
# Each machine has two NICs: QEMU's user-mode NIC, which carries the default route and is 10.0.2.15 on every machine,
# and the test's private NIC. flanneld picks the default-route interface unless told otherwise, so every node would
# advertise 10.0.2.15 as its VXLAN endpoint and cross-node pod traffic would go nowhere. One --iface per node address
# (flanneld takes the first that exists on the node) pins each node to its own private address.
set -eu
export KUBECONFIG=/etc/kubernetes/admin.conf
curl -fsSL --retry 3 https://raw.githubusercontent.com/flannel-io/flannel/v0.26.7/Documentation/kube-flannel.yml \
    | sed -e "s#10.244.0.0/16#192.168.0.0/17#" \
        -e 's#^\([[:space:]]*\)- --kube-subnet-mgr$#&\n\1- --iface=10.1.2.11\n\1- --iface=10.1.2.12#' \
    | kubectl apply -f -
