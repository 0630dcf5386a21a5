#!/bin/sh
# Installs flannel from its manifest with the pod network $POD_SUBNET (kola's way). Runs on the control plane as root.
set -eu
export KUBECONFIG=/etc/kubernetes/admin.conf
curl -fsSL --retry 3 https://raw.githubusercontent.com/flannel-io/flannel/v0.26.7/Documentation/kube-flannel.yml \
    | sed "s#10.244.0.0/16#${POD_SUBNET}#" | kubectl apply -f -
