#!/bin/sh
# Installs Cilium with cilium-cli for the pod network 192.168.0.0/17 (kola's versions). Runs on the control plane as
# root (KubeadmConfigs.CniScript fills in the placeholders). Cilium's tunnel endpoints are the nodes' InternalIPs,
# which kubelet's --node-ip makes the private addresses.
set -eu
export KUBECONFIG=/etc/kubernetes/admin.conf
arch=$(uname -m | sed 's/x86_64/amd64/;s/aarch64/arm64/')
mkdir -p /opt/bin
curl -fsSL --retry 3 "https://github.com/cilium/cilium-cli/releases/download/v0.12.12/cilium-linux-${arch}.tar.gz" | tar -xz -C /opt/bin
/opt/bin/cilium install --version=1.12.5 --config enable-endpoint-routes=true --config "cluster-pool-ipv4-cidr=192.168.0.0/17"
/opt/bin/cilium status --wait
