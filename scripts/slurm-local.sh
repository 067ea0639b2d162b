#!/usr/bin/env bash
# A single-node Slurm on this machine, for satune's tests and demos: scripts/slurm-local.sh start | stop | status
#
# start: writes /etc/slurm/slurm.conf (one node with this machine's cores, proctrack/linuxproc, task/none;
#        an existing slurm.conf that satune did not write is left alone and start refuses), starts munged,
#        slurmctld and slurmd, and waits until the node is idle. It needs root, and installs Debian's
#        slurm-wlm when it is missing.
#        A munged that already answers is used as it is (and left alone by stop). slurmctld starts clean
#        (-c): jobs of an earlier local Slurm are not brought back.
# stop:  cancels the jobs of this local cluster and waits until they have ended (no job step or satune
#        task goes on), then stops exactly the daemons start started, by their pid files under
#        /run/satune-slurm.
set -euo pipefail

state=/run/satune-slurm
conf=/etc/slurm/slurm.conf
marker="# Written by satune's scripts/slurm-local.sh"

die() { echo "slurm-local: $*" >&2; exit 1; }

running() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start() {
  [ "$(id -u)" = 0 ] || die "start needs root (it runs munged, slurmctld and slurmd)"
  if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    echo "slurm-local: installing Debian's slurm-wlm"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 slurm-wlm >/dev/null \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm >/dev/null; } \
      || die "cannot install slurm-wlm (apt-get install slurm-wlm)"
  fi
  for program in munged slurmctld slurmd sinfo; do
    command -v "$program" >/dev/null || die "no $program: install Debian's slurm-wlm (apt-get install slurm-wlm)"
  done
  if [ -e "$conf" ] && ! head -1 "$conf" | grep -qF "$marker"; then
    die "$conf exists and was not written by this script; refusing to replace it"
  fi
  mkdir -p "$state" /etc/slurm /var/spool/slurmd /var/spool/slurmctld /var/log/slurm
  host=$(hostname -s)
  cat >"$conf" <<CONF
$marker: a single node, for tests and demos.
ClusterName=satune-local
SlurmctldHost=$host
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmdSpoolDir=/var/spool/slurmd
StateSaveLocation=/var/spool/slurmctld
SlurmctldLogFile=/var/log/slurm/satune-slurmctld.log
SlurmdLogFile=/var/log/slurm/satune-slurmd.log
SlurmUser=root
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
KillWait=10
NodeName=$host CPUs=$(nproc) RealMemory=2000 State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF

  # munge: the key the package made, or a new one.
  if [ ! -s /etc/munge/munge.key ]; then
    mkdir -p /etc/munge
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
    chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
  fi
  mkdir -p /run/munge && chown munge:munge /run/munge
  if running "$state/munged.pid"; then
    echo "slurm-local: munged already started by this script"
  elif munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    echo "slurm-local: using the munged that is running (stop leaves it alone)"
  else
    munged --force --pid-file="$state/munged.pid" 2>/dev/null || die "munged did not start"
    for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
    running "$state/munged.pid" || die "munged did not start"
  fi

  running "$state/slurmctld.pid" || slurmctld -c || die "slurmctld did not start (see /var/log/slurm/satune-slurmctld.log)"
  for _ in $(seq 100); do scontrol ping >/dev/null 2>&1 && break; sleep 0.1; done
  running "$state/slurmd.pid" || slurmd || die "slurmd did not start (see /var/log/slurm/satune-slurmd.log)"
  for _ in $(seq 300); do
    if sinfo -h -o '%T' 2>/dev/null | grep -qx idle; then
      echo "slurm-local: node $host idle with $(nproc) cores (sinfo, sbatch, squeue work; stop with $0 stop)"
      return 0
    fi
    sleep 0.1
  done
  die "the node did not become idle within 30 s: $(sinfo 2>&1 | tail -1)"
}

stop() {
  if running "$state/slurmctld.pid"; then
    jobs=$(squeue -h -o %A 2>/dev/null | sort -u)
    [ -n "$jobs" ] && scancel --quiet $jobs 2>/dev/null || true
    for _ in $(seq 150); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 0.2; done
    [ -z "$(squeue -h 2>/dev/null)" ] || echo "slurm-local: jobs still listed after 30 s: $(squeue -h | wc -l)" >&2
  fi
  for daemon in slurmd slurmctld munged; do
    pidfile="$state/$daemon.pid"
    if running "$pidfile"; then
      pid=$(cat "$pidfile")
      kill "$pid"
      for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
    rm -f "$pidfile"
  done
  echo "slurm-local: stopped"
}

status() {
  for daemon in munged slurmctld slurmd; do
    if running "$state/$daemon.pid"; then echo "$daemon: running ($(cat "$state/$daemon.pid"))"; else echo "$daemon: stopped"; fi
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start | stop | status" >&2; exit 64 ;;
esac
