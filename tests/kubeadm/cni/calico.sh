#!/bin/sh
# Installs Calico through the tigera operator (kola's way) for the pod network $POD_SUBNET. Runs on the control plane as root.
set -eu
export KUBECONFIG=/etc/kubernetes/admin.conf
kubectl create -f https://raw.githubusercontent.com/projectcalico/calico/v3.32.1/manifests/tigera-operator.yaml
kubectl wait --for condition=established --timeout=300s crd/installations.operator.tigera.io crd/apiservers.operator.tigera.io
kubectl apply -f - <<YAML
apiVersion: operator.tigera.io/v1
kind: Installation
metadata:
  name: default
spec:
  calicoNetwork:
    ipPools:
      - cidr: ${POD_SUBNET}
        encapsulation: VXLANCrossSubnet
        natOutgoing: Enabled
        nodeSelector: all()
---
apiVersion: operator.tigera.io/v1
kind: APIServer
metadata:
  name: default
spec: {}
YAML
