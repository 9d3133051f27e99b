# Sourced by the scripts that drive the real window (window-smoke.sh,
# keyboard-session.sh): a virtual screen, then the Attest window on it.
# Both use the caller's $work folder and set variables its cleanup reads.

# start_xvfb SIZE: starts Xvfb on $display at SIZE (e.g. 1600x1000x24) and
# waits until it answers; a busy machine can take seconds, and a display
# number another server holds makes it exit at once: then another number is
# tried. Sets $xvfb_pid and exports DISPLAY and XDG folders under $work.
start_xvfb() {
  local size=$1 up="" try
  for try in 1 2 3; do
    # -noreset: the server would otherwise reset when xdpyinfo, its first
    # client, disconnects, and refuse the window connecting meanwhile.
    Xvfb "$display" -noreset -screen 0 "$size" >"$work/xvfb.log" 2>&1 &
    xvfb_pid=$!
    for _ in $(seq 300); do
      if xdpyinfo -display "$display" >/dev/null 2>&1; then up=1; break; fi
      kill -0 "$xvfb_pid" 2>/dev/null || break
      sleep 0.1
    done
    [[ -n "$up" ]] && break
    kill "$xvfb_pid" 2>/dev/null || true
    display=":$((${display#:} + try * 10 + RANDOM % 9))"
  done
  [[ -n "$up" ]] || { echo "Xvfb did not start"; cat "$work/xvfb.log"; exit 1; }
  export DISPLAY=$display XDG_RUNTIME_DIR=$work/xdg XDG_DATA_HOME=$work/data XDG_CONFIG_HOME=$work/config
  mkdir -m 700 -p "$XDG_RUNTIME_DIR"
}

# wait_for_window: sets $window to the Attest window's id, or fails with the
# app's log ($work/app.log).
wait_for_window() {
  window=""
  for _ in $(seq 100); do
    window=$(xdotool search --name "Attest" 2>/dev/null | head -n1 || true)
    [[ -n "$window" ]] && break
    sleep 0.1
  done
  [[ -n "$window" ]] || { echo "no Attest window appeared"; cat "$work/app.log"; exit 1; }
}
