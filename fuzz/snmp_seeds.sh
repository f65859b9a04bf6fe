#!/usr/bin/env bash
# Seeds of the SNMP targets, from the requests captured from net-snmp's tools
# (corpus/snmp_requests/, see its README):
#   corpus/ber_decode/   each request as it is;
#   corpus/snmp_handle/  each request after the target's 9-byte prefix ("now"
#                        as 8 big-endian bytes, then the byte that picks the
#                        communities and the size limit), once with the
#                        public/private communities over UDP (0x00) and once
#                        with a 484-byte limit (0x08), so tooBig and the
#                        GETBULK cut are seeded too;
#   corpus/snmp_stream/  a 4-byte chunking seed, then every request back to
#                        back (one TCP connection's stream), and each alone;
#                        the seed protocol's streams of corpus/framer/ (same
#                        layout), since the first byte picks the protocol;
#                        and streams that switch protocol midway (answered
#                        by the first byte's protocol until it refuses);
#   corpus/snmp_set/     each structured SET of corpus/set/ (the seed
#                        protocol's SET target) behind the 5-byte prefix of
#                        fuzz_snmp_set.c (options, request-id), the options
#                        taken in turn from v1 and v2c, read-write,
#                        read-only and unknown communities, small limits.
# and, in all three, the edge seeds of fuzz/snmp_edge_seeds.py (one per
# refusal rule, the size limits, 128 and 129 subidentifiers, GETBULK with
# huge and negative fields).
# Safe to run again: it only adds or rewrites the seed-* files.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p corpus/ber_decode corpus/snmp_handle corpus/snmp_stream
for f in corpus/snmp_requests/*.bin; do
  name=$(basename "$f" .bin)
  cp "$f" "corpus/ber_decode/seed-$name"
  for choice in 00 08; do
    { printf '\x00\x00\x00\x00\x00\x01\xe2\x40'; printf "\\x$choice"; cat "$f"; } \
      > "corpus/snmp_handle/seed-$name-$choice"
  done
done
{ printf '\x00\x00\x00\x07'; cat corpus/snmp_requests/*.bin; } > corpus/snmp_stream/seed-all-back-to-back
for f in corpus/snmp_requests/*.bin; do
  { printf '\x12\x34\x56\x78'; cat "$f"; } > "corpus/snmp_stream/seed-$(basename "$f" .bin)"
done
for name in golden-stream pipelined-get-set-get bad-size-mid-stream set-repeated-oid; do
  cp "corpus/framer/seed-$name.bin" "corpus/snmp_stream/seed-seedproto-$name"
done
get=corpus/snmp_requests/get-v2c-sysname.bin
seed_stream=corpus/framer/seed-pipelined-get-set-get.bin
{ printf '\x00\x00\x00\x05'; tail -c +5 "$seed_stream"; cat "$get"; } > corpus/snmp_stream/seed-mixed-seed-then-snmp
{ printf '\x00\x00\x00\x05'; cat "$get"; tail -c +5 "$seed_stream"; } > corpus/snmp_stream/seed-mixed-snmp-then-seed
{ printf '\x00\x00\x00\x05\x01'; tail -c +6 "$seed_stream"; } > corpus/snmp_stream/seed-first-byte-01
python3 fuzz/snmp_edge_seeds.py corpus
mkdir -p corpus/snmp_set
options=(01 00 03 05 09 f9 11 02)
i=0
for f in corpus/set/*; do
  o=${options[$((i % ${#options[@]}))]}
  { printf "\\x$o\\x12\\x34\\x56\\x$(printf %02x $((i % 256)))"; cat "$f"; } \
    > "corpus/snmp_set/seed-$(basename "$f")-$o"
  i=$((i + 1))
done
echo "fuzz/snmp_seeds.sh: $(ls corpus/snmp_set | wc -l) snmp_set seeds"
echo "fuzz/snmp_seeds.sh: $(ls corpus/snmp_stream | wc -l) snmp_stream seeds; $(ls corpus/ber_decode | wc -l) ber_decode and $(ls corpus/snmp_handle | wc -l) snmp_handle seeds"
