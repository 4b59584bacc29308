# Shared by the benchmark scripts of benches/compare (sourced, not run): timing one run,
# the median, and one table row of relcore against `git log` in pairs. The caller sets
# `relcore` (the binary), `pairs`, and optionally `base` and `btimeout` (an old binary to
# compare with), and reads `status` (1 once a row fails its target).
# One run: "seconds peak-KB" (wall time from a nanosecond clock, memory from /usr/bin/time).
once() {
  local start end mem
  start=$(date +%s%N)
  mem=$( { /usr/bin/time -f "%M" "$@" > /dev/null; } 2>&1 | tail -n1 )
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000 )) $mem"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

status=0
printf '%-44s %9s %9s %8s %8s %7s %7s %s\n' case relcore git ratio target memory base verdict
# label, time target, git log arguments (as one string), then the relcore arguments.
row() {
  local label=$1 goal=$2 gitargs=$3; shift 3
  case "$label" in *"${ONLY:-}"*) ;; *) return 0 ;; esac
  local ratios=() bratios=() rt=() gt=() rm=0 gm=0 bdone=0
  for _ in $(seq "$pairs"); do
    local r g
    r=$(once "$relcore" "$@"); g=$(once git $gitargs)
    ratios+=("$(awk "BEGIN{print ${r% *} / ${g% *}}")")
    rt+=("${r% *}"); gt+=("${g% *}")
    [ "${r#* }" -gt "$rm" ] && rm=${r#* }
    [ "${g#* }" -gt "$gm" ] && gm=${g#* }
    if [ -n "$base" ] && [ "$bdone" = 0 ]; then
      local b
      b=$(once timeout "$btimeout" "$base" "$@")
      if [ "${b% *}" -ge "$((btimeout * 1000000))" ]; then
        bdone=1   # the old binary took longer than BASE_TIMEOUT: one run says enough
      else
        bratios+=("$(awk "BEGIN{print ${b% *} / ${g% *}}")")
      fi
    fi
  done
  local ratio mratio verdict bratio="-"
  ratio=$(printf '%s\n' "${ratios[@]}" | median)
  mratio=$(awk "BEGIN{printf \"%.2f\", $rm / $gm}")
  if [ -n "$base" ] && [ "${#bratios[@]}" -gt 0 ]; then
    bratio=$(printf '%.2fx' "$(printf '%s\n' "${bratios[@]}" | median)")
  elif [ -n "$base" ]; then
    bratio=">${btimeout}s"
  fi
  verdict=$(awk "BEGIN{print ($ratio <= $goal && $mratio <= 2) ? \"PASS\" : \"FAIL\"}")
  [ "$verdict" = PASS ] || status=1
  printf '%-44s %8.1fms %8.1fms %7.2fx %7sx %6sx %7s %s\n' "$label" \
    "$(printf '%s\n' "${rt[@]}" | median | awk '{print $1/1000}')" \
    "$(printf '%s\n' "${gt[@]}" | median | awk '{print $1/1000}')" \
    "$ratio" "$goal" "$mratio" "$bratio" "$verdict"
}
