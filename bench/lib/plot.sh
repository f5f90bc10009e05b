#!/usr/bin/env bash
# plot.sh: draw benchmark and campaign results as PNG images with gnuplot
# (Debian package gnuplot-nox). Reusable: every command reads plain
# tab-separated files, so any script can call it.
#
# usage: bench/lib/plot.sh COMMAND -o OUT.png [-t TITLE] INPUT...
#
#   exposure TSV...      time to exposure per defect, one bar per run
#                        (seeds / empty corpus, mutator on / off). A TSV row
#                        (bench/exposure.sh writes them):
#                        defect  start  mutator  found  trials  median  limit
#                        median is seconds, or "inf" when not found in half
#                        the trials; such bars stand at the limit, hatched
#   throughput TSV       execs/s per target and of the empty target, per
#                        build (log scale). Rows (bench/throughput.sh):
#                        build  target  execs  empty_execs
#   series LABEL=FILE... lines over time, e.g. a campaign's coverage; each
#                        FILE has two whitespace-separated columns (x y),
#                        '#' comments allowed. -x / -y name the axes.
#   afl-coverage DIR...  AFL++ output directories (DIR/*/plot_data): edges
#                        found over time, one line per instance
#
# Options: -o OUT.png (required), -t TITLE, -x XLABEL, -y YLABEL,
#          -W WIDTH -H HEIGHT (pixels, default 900x500)
# Exit status: 0 drawn, 2 bad usage, missing input or no gnuplot.
set -euo pipefail

usage() { sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "plot.sh: $*" >&2; exit 2; }

[ $# -gt 0 ] || { usage >&2; exit 2; }
case $1 in
-h | --help) usage; exit 0 ;;
exposure | throughput | series | afl-coverage) cmd=$1; shift ;;
*) die "unknown command '$1' (exposure, throughput, series, afl-coverage)" ;;
esac
out="" title="" xlabel="" ylabel="" width=900 height=500
while getopts "o:t:x:y:W:H:h" opt; do
	case $opt in
	o) out=$OPTARG ;;
	t) title=$OPTARG ;;
	x) xlabel=$OPTARG ;;
	y) ylabel=$OPTARG ;;
	W) width=$OPTARG ;;
	H) height=$OPTARG ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ -n "$out" ] || die "-o OUT.png is required"
[ $# -gt 0 ] || die "no input"
for f in "$@"; do
	f=${f#*=}
	[ -e "$f" ] || die "$f: no such file or directory"
done
command -v gnuplot >/dev/null || die "gnuplot not found (apt-get install gnuplot-nox)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Titles and labels go into gnuplot strings: keep them plain.
esc() { printf '%s' "$1" | tr -d '"\\'; }

header() {
	cat <<EOF
set terminal pngcairo size $width,$height font "sans,10"
set output "$(esc "$out")"
set title "$(esc "$title")"
set key outside right top
set grid ytics
EOF
}

case $cmd in
exposure)
	# One series per (start, mutator); one group per defect.
	awk -F'\t' -v work="$work" '
		$1 == "defect" || NF < 7 { next }
		{
			s = $2 ", mutator " $3
			if (!(s in sidx)) { sidx[s] = ++ns; sname[ns] = s }
			if (!($1 in didx)) { didx[$1] = ++nd; dname[nd] = $1 }
			key = didx[$1] SUBSEP sidx[s]
			med[key] = $6; found[key] = $4 "/" $5; lim[key] = $7
			if ($7 + 0 > limit) limit = $7 + 0
		}
		END {
			for (i = 1; i <= ns; i++) {
				for (d = 1; d <= nd; d++) {
					key = d SUBSEP i
					if (!(key in med)) continue
					cens = med[key] == "inf"
					y = cens ? lim[key] : med[key]
					if (y < 0.03) y = 0.03
					printf("%d\t%s\t%s\t%d\n", d, y, found[key], cens) > (work "/s" i)
				}
			}
			for (d = 1; d <= nd; d++)
				printf("%d\t%s\n", d, dname[d]) > (work "/defects")
			for (i = 1; i <= ns; i++)
				printf("%d\t%s\n", i, sname[i]) > (work "/series")
			print limit > (work "/limit")
		}' "$@"
	[ -s "$work/defects" ] || die "no exposure rows in $*"
	ns=$(wc -l <"$work/series")
	limit=$(cat "$work/limit")
	{
		header
		echo 'set ylabel "median time to exposure (s, log scale)"'
		echo 'set logscale y'
		echo "set yrange [0.02:$((${limit%.*} * 3))]"
		echo 'set style fill solid 0.8 border -1'
		echo 'set xtics rotate by -30 left noenhanced'
		echo "set xtics ($(awk -F'\t' '{ printf("%s\"%s\" %d", NR > 1 ? ", " : "", $2, $1) }' "$work/defects"))"
		echo "set xrange [0.4:$(wc -l <"$work/defects").6]"
		echo "set arrow from graph 0, first $limit to graph 1, first $limit nohead dt 2 lc rgb '#888888'"
		echo "set label 'limit ${limit} s' at graph 0.99, first $limit right offset 0,-0.8 tc rgb '#666666'"
		w=$(awk -v n="$ns" 'BEGIN { printf("%.3f", 0.8 / n) }')
		printf 'plot '
		i=1
		while IFS=$'\t' read -r idx name; do
			[ -s "$work/s$idx" ] || { i=$((i + 1)); continue; }
			off=$(awk -v i="$i" -v n="$ns" -v w="$w" 'BEGIN { printf("%.3f", (i - (n + 1) / 2) * w) }')
			[ "$i" -gt 1 ] && printf ', '
			printf '"%s" using ($1+%s):2:(%s) with boxes lc %d title "%s"' \
				"$work/s$idx" "$off" "$w" "$i" "$(esc "$name")"
			printf ', "%s" using ($1+%s):($4 > 0 ? $2 : 1/0):(%s) with boxes fs transparent pattern 4 lc rgb "black" notitle' \
				"$work/s$idx" "$off" "$w"
			printf ', "%s" using ($1+%s):2:3 with labels offset 0,0.7 font ",8" notitle' \
				"$work/s$idx" "$off"
			i=$((i + 1))
		done <"$work/series"
		echo
	} >"$work/plot.gp"
	;;
throughput)
	awk -F'\t' '$1 != "build" && NF >= 4 { print }' "$1" >"$work/rows"
	[ -s "$work/rows" ] || die "$1: no throughput rows"
	awk -F'\t' '{ printf("%d\t%s\t%s\t%s\n", NR, $1 "/" $2, $3, $4) }' "$work/rows" >"$work/data"
	{
		header
		echo 'set ylabel "execs/s (log scale)"'
		echo 'set logscale y'
		echo 'set style fill solid 0.8 border -1'
		echo 'set xtics rotate by -40 left noenhanced font ",8"'
		echo "set xtics ($(awk -F'\t' '{ printf("%s\"%s\" %d", NR > 1 ? ", " : "", $2, $1) }' "$work/data"))"
		echo "set xrange [0.4:$(($(wc -l <"$work/data"))).6]"
		echo "plot \"$work/data\" using (\$1-0.2):3:(0.4) with boxes lc 1 title \"target\", \\"
		echo "     \"$work/data\" using (\$1+0.2):4:(0.4) with boxes lc 2 title \"empty target, same build\", \\"
		echo "     \"$work/data\" using (\$1-0.2):3:(sprintf('%.1f%%', 100*\$3/\$4)) with labels offset 0,0.7 font ',7' notitle"
	} >"$work/plot.gp"
	;;
series)
	{
		header
		echo "set xlabel \"$(esc "${xlabel:-time (s)}")\""
		echo "set ylabel \"$(esc "${ylabel:-coverage}")\""
		printf 'plot '
		i=0
		for arg in "$@"; do
			label=${arg%%=*} file=${arg#*=}
			[ "$label" = "$arg" ] && label=$(basename "$file")
			[ $i -gt 0 ] && printf ', '
			printf '"%s" using 1:2 with linespoints lw 2 pt 7 ps 0.5 title "%s"' "$(esc "$file")" "$(esc "$label")"
			i=$((i + 1))
		done
		echo
	} >"$work/plot.gp"
	;;
afl-coverage)
	# plot_data: relative_time (s), ..., edges_found is the last column in 4.04c.
	n=0
	for d in "$@"; do
		for pd in "$d"/*/plot_data "$d"/plot_data; do
			[ -f "$pd" ] || continue
			n=$((n + 1))
			awk -F', *' '/^#/ { for (i = 1; i <= NF; i++) if ($i ~ /edges_found/) c = i; next }
				c { print $1, $c }' "$pd" >"$work/afl$n"
			echo "$(basename "$(dirname "$pd")")=$work/afl$n" >>"$work/args"
		done
	done
	[ $n -gt 0 ] || die "no plot_data under $*"
	mapfile -t args <"$work/args"
	"$0" series -o "$out" -t "${title:-AFL++ edges found}" -x "time (s)" -y "edges found" \
		-W "$width" -H "$height" "${args[@]}"
	exit 0
	;;
esac
gnuplot "$work/plot.gp" 2>"$work/err" || { cat "$work/err" >&2; die "gnuplot failed"; }
echo "$out"
