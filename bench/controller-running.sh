# Sourced by the benches that need `hactl status` answered by a controller (check-time.sh, check-classlist.sh):
# starts one from this tree (bin/hactl controller, $CONFIG) when none answers on the config's controller.listen,
# waits until it answers, and sets CONTROLLER_PID (empty when one ran already) for the caller's cleanup to stop.
# Needs HERE, CONFIG and WORK set.
listen="$(awk '/^controller:/ {c=1; next} c && /^[^ ]/ {c=0} c && $1 == "listen:" {print $2}' "$CONFIG")"
listen="${listen:-127.0.0.1:8642}"
CONTROLLER_PID=
if ! curl -s -m 1 -o /dev/null "http://$listen/api/health"; then
  "$HERE/bin/hactl" controller --config "$CONFIG" >"$WORK/controller.log" 2>&1 &
  CONTROLLER_PID=$!
  for _ in $(seq 120); do
    curl -s -m 1 -o /dev/null -w '%{http_code}' "http://$listen/api/status" | grep -q 200 && break
    sleep 0.5
  done
fi
