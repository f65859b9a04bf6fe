#!/usr/bin/env bash
# Seeds of the SNMP targets, from the requests captured from net-snmp's tools
# (corpus/snmp_requests/, see its README) and from pysnmp
# (corpus/snmp_requests_pysnmp/, named pysnmp-*):
#   corpus/ber_decode/   each request as it is;
#   corpus/snmp_handle/  each request after the target's 9-byte prefix ("now"
#                        as 8 big-endian bytes, then the byte that picks the
#                        communities and the size limit), once with the
#                        public/private communities over UDP (0x00) and once
#                        with a 484-byte limit (0x08), so tooBig and the
#                        GETBULK cut are seeded too;
#   corpus/snmp_stream/  a 4-byte chunking seed, then every request back to
#                        back (one TCP connection's stream), and each alone;
#                        pysnmp's requests back to back (stopping at the
#                        -2^31 it writes in five bytes, which is refused);
#                        the seed protocol's streams of corpus/framer/ (same
#                        layout), since the first byte picks the protocol;
#                        and streams that switch protocol midway (answered
#                        by the first byte's protocol until it refuses);
#   corpus/snmp_set/     each structured SET of corpus/set/ (the seed
#                        protocol's SET target) behind the 5-byte prefix of
#                        fuzz_snmp_set.c (options, request-id), the options
#                        taken in turn from v1 and v2c, read-write,
#                        read-only and unknown communities, small limits;
#   corpus/snmp_vs_netsnmp/  each request as it is, and one hand-made example
#                        of each disagreement class with net-snmp the
#                        differential knows (fuzz/README.md's table), named
#                        diff-<class>: CTest checks each still falls in it;
# and, in ber_decode, snmp_handle, snmp_stream and snmp_vs_netsnmp, the edge
# seeds of fuzz/snmp_edge_seeds.py (one per refusal rule, the size limits,
# 128 and 129 subidentifiers, GETBULK with huge and negative fields).
# Safe to run again: it only adds or rewrites the seed-* and diff-* files.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p corpus/ber_decode corpus/snmp_handle corpus/snmp_stream corpus/snmp_vs_netsnmp
for f in corpus/snmp_requests/*.bin corpus/snmp_requests_pysnmp/*.bin; do
  name=$(basename "$f" .bin)
  [ "${f#corpus/snmp_requests_pysnmp/}" = "$f" ] || name=pysnmp-$name
  cp "$f" "corpus/ber_decode/seed-$name"
  cp "$f" "corpus/snmp_vs_netsnmp/seed-$name"
  for choice in 00 08; do
    { printf '\x00\x00\x00\x00\x00\x01\xe2\x40'; printf "\\x$choice"; cat "$f"; } \
      > "corpus/snmp_handle/seed-$name-$choice"
  done
done
{ printf '\x00\x00\x00\x07'; cat corpus/snmp_requests/*.bin; } > corpus/snmp_stream/seed-all-back-to-back
{ printf '\x00\x00\x00\x09'; cat corpus/snmp_requests_pysnmp/*.bin; } > corpus/snmp_stream/seed-pysnmp-back-to-back
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

# The differential's examples: a GetRequest (v2c, community public,
# request-id 1, one varbind 1.3 = NULL) with one thing changed.
hex_to() { printf '%b' "$(printf '%s' "$1" | sed 's/../\\x&/g')" > "corpus/snmp_vs_netsnmp/diff-$2"; }
hex_to 301f02010104067075626c6963a0120201010201000201003007300506012b050000 trailing-bytes
hex_to 302102010104067075626c6963a0120201010201000201003007300506012b05000500 extra-content
# inside a varbind: net-snmp reads what follows the value as a second varbind
hex_to 302702010104067075626c6963a01a020101020100020100300f300d06012b0500300606012b020107 extra-content.varbind-read-as-two
hex_to 301f02010104067075626c6963a2120201010201000201003007300506012b0500 pdu-not-a-request
hex_to 301f02010004067075626c6963a5120201010201000201003007300506012b0500 getbulk-in-v1
hex_to 302002010104067075626c6963a0130201010201000201003008300606012b470105 value-type-unknown
hex_to 3085000000001f02010104067075626c6963a0120201010201000201003007300506012b0500 length-octets-over-4
hex_to 301f02010140067075626c6963a0120201010201000201003007300506012b0500 wrong-tag
hex_to 302002010104067075626c6963a013020200010201000201003007300506012b0500 integer-not-minimal
hex_to 302302010104067075626c6963a016020501000000010201000201003007300506012b0500 integer-too-wide
hex_to 302002010104067075626c6963a0130201010201000201003008300606012b4101ff unsigned-negative
hex_to 301f02010104067075626c6963a0120201010201000201003007300506012b4600 integer-empty
hex_to 301e02010104067075626c6963a0110201010201000201003006300406000500 oid-empty
hex_to 302102010104067075626c6963a0140201010201000201003009300706032b80010500 oid-subidentifier-0x80
hex_to 302a02010104067075626c6963a01d02010102010002010030123010060c2b82808080808080808080000500 oid-arc-over-32-bits
hex_to 302002010104067075626c6963a0130201010201000201003008300606012b050100 null-not-empty
hex_to 302402010104067075626c6963a017020101020100020100300c300a0606908080804f010500 ns-first-subid-over-32-bits
hex_to 302202010104067075626c6963a315020101020100020100300a300806012b44039f7800 ns-opaque-special-refused
# Communities of 257 and 256 bytes ('c' repeated).
c256=$(printf 'c%.0s' $(seq 256))
{ printf '\x30\x82\x01\x1c\x02\x01\x01\x04\x82\x01\x01'; printf '%sc' "$c256"
  printf '\xa0\x12\x02\x01\x01\x02\x01\x00\x02\x01\x00\x30\x07\x30\x05\x06\x01\x2b\x05\x00'
} > corpus/snmp_vs_netsnmp/diff-ns-community-over-256
{ printf '\x30\x82\x01\x1b\x02\x01\x01\x04\x82\x01\x00'; printf '%s' "$c256"
  printf '\xa0\x12\x02\x01\x01\x02\x01\x00\x02\x01\x00\x30\x07\x30\x05\x06\x01\x2b\x05\x00'
} > corpus/snmp_vs_netsnmp/diff-ns-community-256-last-byte
# net-snmp's own snmpset sends an Opaque U64 as 9f 7b inside the Opaque.
cp corpus/snmp_requests/set-v2c-opaque-u64.bin corpus/snmp_vs_netsnmp/diff-ns-opaque-special-type
echo "fuzz/snmp_seeds.sh: seeds written; corpora now hold $(ls corpus/ber_decode | wc -l) (ber_decode), $(ls corpus/snmp_handle | wc -l) (snmp_handle), $(ls corpus/snmp_stream | wc -l) (snmp_stream), $(ls corpus/snmp_set | wc -l) (snmp_set) and $(ls corpus/snmp_vs_netsnmp | wc -l) (snmp_vs_netsnmp) files"
