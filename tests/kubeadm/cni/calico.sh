#!/bin/sh
# Installs Calico through the tigera operator (kola's way, flatcar/mantle kola/tests/kubeadm/templates.go: Calico's
# images from ghcr.io/flatcar/calico, the flex volume path under /opt) for the pod network {{POD_SUBNET}}. Runs on
# the control plane as root (KubeadmConfigs.CniScript fills in the placeholders).
#
# Each machine has two NICs: QEMU's user-mode NIC (the default route, 10.0.2.15 on every machine) and the test's
# private NIC. Calico's default autodetection (first-found) can pick 10.0.2.15 on every node; NodeInternalIP takes
# the address kubelet registered (its --node-ip, the private address), so VXLAN tunnels run between private addresses.
set -eu
export KUBECONFIG=/etc/kubernetes/admin.conf
kubectl create -f https://raw.githubusercontent.com/projectcalico/calico/v3.32.1/manifests/tigera-operator.yaml
kubectl -n tigera-operator wait --for create --timeout=300s crd/installations.operator.tigera.io crd/apiservers.operator.tigera.io
kubectl wait --for condition=established --timeout=300s crd/installations.operator.tigera.io crd/apiservers.operator.tigera.io
kubectl apply -f - <<YAML
apiVersion: operator.tigera.io/v1
kind: Installation
metadata:
  name: default
spec:
  registry: ghcr.io/
  imagePath: flatcar/calico
  calicoNetwork:
    nodeAddressAutodetectionV4:
      kubernetes: NodeInternalIP
    ipPools:
      - name: default-ipv4-ippool
        blockSize: 26
        cidr: {{POD_SUBNET}}
        encapsulation: VXLANCrossSubnet
        natOutgoing: Enabled
        nodeSelector: all()
  flexVolumePath: /opt/libexec/kubernetes/kubelet-plugins/volume/exec/
---
apiVersion: operator.tigera.io/v1
kind: APIServer
metadata:
  name: default
spec: {}
YAML
