#!/bin/bash
# scripts/k8s-local.sh build | up | down | status | exec CMD... | import IMAGE.tar
#
# A real single-node Kubernetes v1.20.2 (etcd 3.4, kube-apiserver, controller-manager, scheduler,
# kubelet, kube-proxy, containerd and runc) for the Kubernetes manager's tests, built from Debian's
# own kubernetes source package and run inside a private network and mount namespace (its own
# loopback, CNI bridge and iptables). Clients run inside it with `exec`; images are imported into
# its containerd with `import` (a `docker save` tarball), since nothing can be pulled.
#
# `build` takes about 7 minutes once and is kept under $K8S_HOME (default /var/cache/clipper-k8s);
# `up` gets a Ready node in about 15 s. Needs root. Only Debian packages are fetched.
set -euo pipefail
H=${K8S_HOME:-/var/cache/clipper-k8s}
SELF=$(readlink -f "$0")
KSRC_VER=1.20.5+really1.20.2-1.1+deb12u1
ms() { echo $(( ($(date +%s%N) - T0) / 1000000 )); }

build() {
  [ -f "$H/bin/.done" ] && { echo "already built in $H/bin"; return; }
  mkdir -p "$H"/{bin,apt/lists/partial,apt/cache/archives/partial,debs,rt,images} && cd "$H"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q golang-go etcd-server rsync iptables gcc make dpkg-dev openssl >/dev/null
  URI=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources)
  echo "deb-src $URI bookworm main" > apt/sources.list
  A=(-o Dir::Etc::SourceList=$H/apt/sources.list -o Dir::Etc::SourceParts=/nonexistent -o Dir::State::Lists=$H/apt/lists -o Dir::Cache=$H/apt/cache)
  apt-get "${A[@]}" update -q >/dev/null
  apt-get "${A[@]}" source --download-only "kubernetes=$KSRC_VER" >/dev/null 2>&1
  rm -rf k8s kubernetes_*.tmp-extract.*   # what an interrupted build left
  dpkg-source -x kubernetes_$KSRC_VER.dsc k8s >/dev/null
  # the kubelet would otherwise rewrite host-wide sysctls (vm.overcommit_memory, kernel.panic, kernel.panic_on_oops)
  sed -i 's/^\tb := KernelTunableModify$/\tb := KernelTunableWarn/' k8s/pkg/kubelet/cm/container_manager_linux.go
  grep -q 'b := KernelTunableWarn' k8s/pkg/kubelet/cm/container_manager_linux.go
  ( cd k8s && mkdir -p .go/src/k8s.io && ln -sfn ../../.. .go/src/k8s.io/kubernetes &&
    GOPATH=$PWD/.go GOCACHE=$H/gocache HOME=$H CGO_ENABLED=0 KUBE_GIT_VERSION=v1.20.2 KUBE_GIT_TREE_STATE=clean \
    make WHAT="cmd/kube-apiserver cmd/kube-controller-manager cmd/kube-scheduler cmd/kubelet cmd/kube-proxy cmd/kubectl" >"$H/build.log" 2>&1 )
  cp k8s/_output/bin/{kube-apiserver,kube-controller-manager,kube-scheduler,kubelet,kube-proxy,kubectl} bin/
  ( cd debs && apt-get download -q containerd runc containernetworking-plugins >/dev/null 2>&1 && for d in *.deb; do dpkg -x "$d" "$H/rt"; done )
  # the pause image, from the kubernetes source (nothing can be pulled)
  mkimage() { local W; W=$(mktemp -d); tar -C "$2" --owner=0 --group=0 --numeric-owner -cf "$W/layer.tar" .
    local D; D=$(sha256sum "$W/layer.tar" | cut -d' ' -f1)
    echo "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":[\"PATH=/bin\"],\"Cmd\":$3},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:$D\"]}}" > "$W/c.json"
    echo "[{\"Config\":\"c.json\",\"RepoTags\":[\"$1\"],\"Layers\":[\"layer.tar\"]}]" > "$W/manifest.json"
    tar -C "$W" -cf "images/$4" manifest.json c.json layer.tar; rm -rf "$W"; }
  mkdir -p images/pause/bin
  gcc -Os -static -o images/pause/pause k8s/build/pause/linux/pause.c && strip images/pause/pause
  mkimage localhost/pause:local images/pause '["/pause"]' pause.tar
  rm -rf k8s "$H/gocache"   # keep only what `up` needs
  touch bin/.done
}

write_configs() {
  mkdir -p "$S"/{logs,pki,cni/net.d,varlog,varlib} && cd "$S/pki"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 3650 -subj /CN=local-ca 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr -subj /CN=kube-apiserver 2>/dev/null
  # pods reach the API server as the `kubernetes` Service (10.96.0.1), which kube-proxy sends to 10.99.0.1
  printf "subjectAltName=IP:127.0.0.1,IP:10.96.0.1,IP:10.99.0.1,DNS:localhost,DNS:kubernetes.default.svc\n" > ext.cnf
  openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out apiserver.crt -days 3650 -extfile ext.cnf 2>/dev/null
  openssl genrsa -out sa.key 2048 2>/dev/null && openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
  TOKEN=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n'); echo "$TOKEN,admin,admin,system:masters" > tokens.csv
  printf 'apiVersion: v1\nkind: Config\nclusters:\n- name: local\n  cluster: {server: "https://127.0.0.1:6443", certificate-authority: "%s"}\nusers:\n- name: admin\n  user: {token: "%s"}\ncontexts:\n- name: local\n  context: {cluster: local, user: admin, namespace: default}\ncurrent-context: local\n' "$S/pki/ca.crt" "$TOKEN" > "$S/kubeconfig"
  cat > "$S/containerd.toml" <<EOF
version = 2
root = "$S/ctr/root"
state = "$S/ctr/state"
[grpc]
  address = "$S/ctr/containerd.sock"
[ttrpc]
  address = "$S/ctr/containerd-ttrpc.sock"
[plugins."io.containerd.internal.v1.opt"]
  path = "$S/ctr/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "localhost/pause:local"
  disable_apparmor = true
  restrict_oom_score_adj = true   # this VM lacks CAP_SYS_RESOURCE: runc cannot lower oom_score_adj
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        BinaryName = "$H/rt/usr/sbin/runc"
        Root = "$S/ctr/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "$H/rt/usr/lib/cni"
    conf_dir = "$S/cni/net.d"
EOF
  echo '{"cniVersion":"0.4.0","name":"local","plugins":[{"type":"bridge","bridge":"cni0","isGateway":true,"ipMasq":false,"hairpinMode":true,"ipam":{"type":"host-local","dataDir":"'"$S"'/cni/ipam","ranges":[[{"subnet":"10.88.0.0/24"}]],"routes":[{"dst":"0.0.0.0/0"}]}}]}' > "$S/cni/net.d/10-local.conflist"
}

inside() {   # runs as PID $$ of the namespace holder
  echo $$ > "$S/ns.pid"
  ip link set lo up
  # Services' cluster addresses (10.96.0.0/24) need a route before kube-proxy's DNAT sends them to a pod:
  # a veth pair with an address of its own, so that pods can answer the node.
  ip link add clipper0 type veth peer name clipper1 && ip addr add 10.99.0.1/32 dev clipper0
  ip link set clipper0 up && ip link set clipper1 up
  ip route add 10.96.0.0/24 dev clipper0 src 10.99.0.1
  mount -t tmpfs tmpfs /run; mount --bind "$S/varlog" /var/log; mount --bind "$S/varlib" /var/lib
  export PATH=$H/rt/usr/bin:$H/rt/usr/sbin:$H/bin:$PATH
  spawn() { local n=$1; shift; "$@" >"$S/logs/$n.log" 2>&1 & echo $! > "$S/$n.pid"; }
  spawn containerd containerd --config "$S/containerd.toml"
  spawn etcd etcd --name local --data-dir "$S/etcd" --listen-client-urls http://127.0.0.1:2379 \
    --advertise-client-urls http://127.0.0.1:2379 --listen-peer-urls http://127.0.0.1:2380 \
    --initial-advertise-peer-urls http://127.0.0.1:2380 --initial-cluster local=http://127.0.0.1:2380 --unsafe-no-fsync
  P=$S/pki
  # Advertised on the node's own 10.99.0.1 (not loopback), so that the `kubernetes` Service leads pods to it;
  # listening on every address of this private namespace is no wider than loopback outside it.
  spawn apiserver kube-apiserver --etcd-servers=http://127.0.0.1:2379 --bind-address=0.0.0.0 \
    --advertise-address=10.99.0.1 --secure-port=6443 --insecure-port=0 --tls-cert-file=$P/apiserver.crt \
    --tls-private-key-file=$P/apiserver.key --client-ca-file=$P/ca.crt --token-auth-file=$P/tokens.csv \
    --authorization-mode=Node,RBAC --service-account-issuer=https://kubernetes.default.svc \
    --service-account-key-file=$P/sa.pub --service-account-signing-key-file=$P/sa.key \
    --service-cluster-ip-range=10.96.0.0/24 --allow-privileged=true
  for i in $(seq 1 100); do ctr -a "$S/ctr/containerd.sock" version >/dev/null 2>&1 && break; sleep 0.1; done
  for im in pause; do ctr -a "$S/ctr/containerd.sock" -n k8s.io images import "$H/images/$im.tar" >/dev/null; done
  K="$H/bin/kubectl --kubeconfig $S/kubeconfig"
  for i in $(seq 1 300); do $K get --raw /readyz >/dev/null 2>&1 && break; sleep 0.2; done
  echo "apiserver ready: $(ms) ms"
  spawn controller-manager kube-controller-manager --kubeconfig "$S/kubeconfig" --leader-elect=false \
    --bind-address=127.0.0.1 --port=0 --service-account-private-key-file=$P/sa.key --root-ca-file=$P/ca.crt \
    --controllers='*,-nodeipam,-cloud-node-lifecycle,-service'
  spawn scheduler kube-scheduler --kubeconfig "$S/kubeconfig" --leader-elect=false --bind-address=127.0.0.1 --port=0
  spawn kubelet kubelet --kubeconfig="$S/kubeconfig" --container-runtime=remote \
    --container-runtime-endpoint=unix://$S/ctr/containerd.sock --root-dir="$S/kubelet" --cert-dir="$S/kubelet/pki" \
    --hostname-override=127.0.0.1 --address=127.0.0.1 --read-only-port=0 --cgroup-driver=cgroupfs \
    --cgroups-per-qos=false --enforce-node-allocatable= --fail-swap-on=false \
    --image-gc-high-threshold=100 --image-gc-low-threshold=99 '--eviction-hard=memory.available<1Mi' \
    --make-iptables-util-chains=false --resolv-conf=/etc/resolv.conf --node-status-update-frequency=2s
  spawn kube-proxy kube-proxy --kubeconfig="$S/kubeconfig" --hostname-override=127.0.0.1 \
    --bind-address=127.0.0.1 --proxy-mode=iptables --cluster-cidr=10.88.0.0/24 --conntrack-max-per-core=0 \
    --metrics-bind-address=127.0.0.1:10249 --healthz-bind-address=127.0.0.1:10256
  for i in $(seq 1 600); do
    [ "$($K get node 127.0.0.1 -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" = True ] &&
    $K -n default get serviceaccount default >/dev/null 2>&1 && break; sleep 0.2; done
  echo "node Ready + default serviceaccount: $(ms) ms"; touch "$S/ready"
  exec sleep infinity
}

S=$H/state
case ${1:-} in
  build) T0=$(date +%s%N); build; echo "build: $(ms) ms" ;;
  up) T0=$(date +%s%N); [ -f "$S/ns.pid" ] && kill -0 "$(cat "$S/ns.pid")" 2>/dev/null && { echo "already up"; exit 0; }
      rm -rf "$S"; write_configs
      unshare --net --mount --propagation private env K8S_HOME="$H" T0="$T0" "$SELF" __inside >"$S/logs/up.log" 2>&1 &
      for i in $(seq 1 900); do [ -f "$S/ready" ] && break; sleep 0.2; done
      cat "$S/logs/up.log"; [ -f "$S/ready" ] || { echo "cluster did not become ready"; exit 1; }
      echo "KUBECONFIG=$S/kubeconfig; run clients with: $0 exec CMD" ;;
  __inside) inside ;;
  status) [ -f "$S/ns.pid" ] && kill -0 "$(cat "$S/ns.pid")" 2>/dev/null && [ -f "$S/ready" ] && { echo up; exit 0; }; echo down; exit 1 ;;
  import) shift; exec nsenter -t "$(cat "$S/ns.pid")" -n -m -- "$H/rt/usr/bin/ctr" -a "$S/ctr/containerd.sock" -n k8s.io images import "$1" ;;
  exec) shift; exec nsenter -t "$(cat "$S/ns.pid")" -n -m -- env KUBECONFIG="$S/kubeconfig" PATH="$H/bin:$PATH" "$@" ;;
  down) [ -f "$S/ns.pid" ] || exit 0
      nsenter -t "$(cat "$S/ns.pid")" -n -m -- "$H/bin/kubectl" --kubeconfig "$S/kubeconfig" delete ns --all --wait=false >/dev/null 2>&1 || true
      for c in kube-proxy kubelet scheduler controller-manager apiserver etcd; do
        [ -f "$S/$c.pid" ] && kill "$(cat "$S/$c.pid")" 2>/dev/null || true; done
      # containers left running: stop their tasks through containerd, then containerd itself
      nsenter -t "$(cat "$S/ns.pid")" -n -m -- bash -c "export PATH=$H/rt/usr/bin:\$PATH; c='ctr -a $S/ctr/containerd.sock -n k8s.io'; for t in \$(\$c tasks ls -q); do \$c tasks kill -s SIGKILL \$t; done; sleep 1; for t in \$(\$c tasks ls -q); do \$c tasks rm -f \$t; done" >/dev/null 2>&1 || true
      kill "$(cat "$S/containerd.pid")" 2>/dev/null || true; sleep 1
      kill "$(cat "$S/ns.pid")" 2>/dev/null || true; rm -f "$S/ns.pid" "$S/ready"
      sleep 1; rmdir /sys/fs/cgroup/*/k8s.io 2>/dev/null || true   # empty cgroups containerd made for pods
      echo down ;;
  *) echo "usage: $0 build|up|down|status|exec CMD...|import IMAGE.tar"; exit 2 ;;
esac
