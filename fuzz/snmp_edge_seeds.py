#!/usr/bin/env python3
"""Edge seeds of the SNMP fuzz targets (issue 11), written by hand in BER so
that each says exactly what it is: one message per refusal rule of SNMP.md
section 2, messages of exactly the size limits (484, 1472, 65507, 65535 and
one past 65535), names of 128 and 129 subidentifiers, and GETBULKs with
huge and negative fields.

Writes corpus/ber_decode/seed-edge-NAME and
corpus/snmp_vs_netsnmp/seed-edge-NAME (the message),
corpus/snmp_handle/seed-edge-NAME-00 (behind the target's 9-byte prefix:
"now", then 0x00 = public/private over UDP) and
corpus/snmp_stream/seed-edge-NAME (behind a 4-byte chunking seed).
Run from fuzz/snmp_seeds.sh; safe to run again."""

import os
import sys

SYS_DESCR = [1, 3, 6, 1, 2, 1, 1, 1, 0]
SYS_NAME = [1, 3, 6, 1, 2, 1, 1, 5, 0]


def length(n):
    """The minimal definite length octets of n."""
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def tlv(tag, content):
    return bytes([tag]) + length(len(content)) + content


def integer(v, tag=0x02):
    """The minimal two's complement INTEGER of v."""
    n = 1
    while not -(1 << (8 * n - 1)) <= v < (1 << (8 * n - 1)):
        n += 1
    return tlv(tag, v.to_bytes(n, "big", signed=True))


def unsigned(v, tag):
    """Counter32, Gauge32, TimeTicks, Counter64: minimal, 00 before a set top bit."""
    n = max(1, (v.bit_length() + 8) // 8)
    return tlv(tag, v.to_bytes(n, "big"))


def subid(v):
    out = [v & 0x7F]
    v >>= 7
    while v:
        out.append(0x80 | (v & 0x7F))
        v >>= 7
    return bytes(reversed(out))


def oid(arcs):
    content = subid(arcs[0] * 40 + arcs[1]) + b"".join(subid(a) for a in arcs[2:])
    return tlv(0x06, content)


def octets(s, tag=0x04):
    return tlv(tag, s if isinstance(s, bytes) else s.encode())


NULL = b"\x05\x00"


def varbind(name, value=NULL):
    return tlv(0x30, (oid(name) if isinstance(name, list) else name) + value)


def message(varbinds, pdu=0xA0, version=1, community=b"public", request_id=0x1234,
            e1=0, e2=0, raw_version=None, pdu_fields=None):
    fields = pdu_fields if pdu_fields is not None else (
        integer(request_id) + integer(e1) + integer(e2) + tlv(0x30, b"".join(varbinds)))
    body = (raw_version if raw_version is not None else integer(version)) \
        + octets(community) + tlv(pdu, fields)
    return tlv(0x30, body)


def sized_set(total):
    """A v2c SET of sysName.0 whose whole message is exactly total bytes
    (the string's length is found by trying: the length octets grow)."""
    for n in range(total, -1, -1):
        m = message([varbind(SYS_NAME, octets(b"x" * n))], pdu=0xA3, community=b"private")
        if len(m) == total:
            return m
    raise SystemExit(f"no SET of exactly {total} bytes")


def sized_get(total):
    """A v2c GET of sysDescr.0 repeated, padded with one long OCTET STRING
    value so the message is exactly total bytes (GET ignores values)."""
    for n in range(total, -1, -1):
        m = message([varbind(SYS_DESCR), varbind(SYS_DESCR, octets(b"p" * n))])
        if len(m) == total:
            return m
    raise SystemExit(f"no GET of exactly {total} bytes")


def refusals():
    """One message per refusal rule of SNMP.md section 2 (and a few that it
    accepts on purpose, named accept-*)."""
    good = message([varbind(SYS_DESCR)])
    inner = good[2:]                      # the Message's content
    arcs129 = [1, 3] + [6] * 127
    arcs128 = [1, 3] + [6] * 126
    yield "refuse-indefinite-length", b"\x30\x80" + inner + b"\x00\x00"
    yield "refuse-five-length-octets", b"\x30\x85\x00\x00\x00\x00" + bytes([len(inner)]) + inner
    yield "refuse-length-past-end", b"\x30" + bytes([len(inner) + 5]) + inner
    yield "refuse-trailing-bytes", good + b"\x00"
    yield "refuse-high-tag-number", message([varbind(SYS_DESCR, b"\x1f\x81\x00\x00")])
    yield "refuse-constructed-community", tlv(0x30, integer(1) + tlv(0x24, octets(b"public"))
                                              + good[2 + 3 + 8:])
    yield "refuse-constructed-value", message([varbind(SYS_NAME, b"\x24\x03\x04\x01x")],
                                              pdu=0xA3, community=b"private")
    yield "refuse-wrong-tag-version", message([varbind(SYS_DESCR)], raw_version=octets(b"\x01"))
    yield "refuse-integer-empty", message([varbind(SYS_DESCR)], pdu_fields=(
        b"\x02\x00" + integer(0) + integer(0) + tlv(0x30, varbind(SYS_DESCR))))
    yield "refuse-integer-leading-00", message([], pdu_fields=(
        b"\x02\x02\x00\x05" + integer(0) + integer(0) + tlv(0x30, varbind(SYS_DESCR))))
    yield "refuse-integer-leading-ff", message([], pdu_fields=(
        b"\x02\x02\xff\x85" + integer(0) + integer(0) + tlv(0x30, varbind(SYS_DESCR))))
    yield "refuse-counter32-wider", message([varbind(SYS_NAME, b"\x41\x05\x01\x00\x00\x00\x00")],
                                            pdu=0xA3, community=b"private")
    yield "refuse-counter64-nine-bytes", message(
        [varbind(SYS_NAME, b"\x46\x09\x01" + b"\x00" * 8)], pdu=0xA3, community=b"private")
    yield "refuse-oid-empty", message([varbind(b"\x06\x00")])
    yield "refuse-oid-129-arcs", message([varbind(arcs129)])
    yield "accept-oid-128-arcs", message([varbind(arcs128)])
    yield "accept-oid-value-128-arcs", message([varbind(SYS_NAME, oid(arcs128))], pdu=0xA3,
                                               community=b"private")
    yield "refuse-oid-value-129-arcs", message([varbind(SYS_NAME, oid(arcs129))], pdu=0xA3,
                                               community=b"private")
    yield "refuse-arc-above-32-bits", message([varbind(tlv(0x06, b"\x2b\x06" + subid(1 << 32)))])
    yield "accept-arc-2-32-minus-1", message([varbind(tlv(0x06, b"\x2b\x06" + subid((1 << 32) - 1)))])
    yield "refuse-subid-leading-80", message([varbind(tlv(0x06, b"\x2b\x06\x80\x01"))])
    yield "refuse-null-with-content", message([varbind(SYS_DESCR, b"\x05\x01\x00")])
    yield "refuse-exception-with-content", message([varbind(SYS_DESCR, b"\x81\x01\x00")])
    yield "refuse-ipaddress-3-bytes", message([varbind(SYS_NAME, octets(b"\x0a\x00\x01", 0x40))],
                                              pdu=0xA3, community=b"private")
    yield "refuse-version-2", message([varbind(SYS_DESCR)], version=2)
    yield "refuse-version-3", message([varbind(SYS_DESCR)], version=3)
    yield "refuse-getbulk-in-v1", message([varbind(SYS_DESCR)], pdu=0xA5, version=0)
    for tag, name in ((0xA2, "response"), (0xA4, "v1-trap"), (0xA6, "inform"),
                      (0xA7, "v2-trap"), (0xA8, "report")):
        yield f"refuse-pdu-{name}", message([varbind(SYS_DESCR)], pdu=tag)
    yield "refuse-extra-in-varbind", message([tlv(0x30, oid(SYS_DESCR) + NULL + NULL)])
    yield "refuse-extra-in-pdu", message([], pdu_fields=(
        integer(1) + integer(0) + integer(0) + tlv(0x30, varbind(SYS_DESCR)) + NULL))
    yield "refuse-unknown-value-type", message([varbind(SYS_NAME, b"\x47\x01\x00")], pdu=0xA3,
                                               community=b"private")
    yield "accept-non-minimal-length", b"\x30\x81" + bytes([len(inner)]) + inner


def bulks():
    big, neg = (1 << 31) - 1, -(1 << 31)
    for nr, mr, name in ((0, big, "reps-huge"), (big, big, "both-huge"), (-1, 10, "nr-negative"),
                         (neg, neg, "both-most-negative"), (1, -5, "reps-negative"),
                         (big, 0, "nr-huge-reps-0"), (0, 2000, "reps-over-cap")):
        yield f"getbulk-{name}", message(
            [varbind([1, 3, 6, 1, 2, 1, 1]), varbind([1, 3, 6, 1, 2, 1, 2, 2, 1, 2])],
            pdu=0xA5, e1=nr, e2=mr)


def sizes():
    for total in (484, 1472, 65507, 65535):
        yield f"size-set-{total}", sized_set(total)
        yield f"size-get-{total}", sized_get(total)
    yield "size-get-65536-refused", sized_get(65536)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "corpus"
    seeds = list(refusals()) + list(bulks()) + list(sizes())
    prefix = b"\x00\x00\x00\x00\x00\x01\xe2\x40\x00"   # now = 123456; public/private, UDP
    for name, msg in seeds:
        for target, data in (("ber_decode", msg), ("snmp_handle", prefix + msg),
                             ("snmp_stream", b"\x00\x00\x01\x2c" + msg),
                             ("snmp_vs_netsnmp", msg)):
            suffix = "-00" if target == "snmp_handle" else ""
            path = os.path.join(root, target, f"seed-edge-{name}{suffix}")
            with open(path, "wb") as f:
                f.write(data)
    print(f"fuzz/snmp_edge_seeds.py: {len(seeds)} edge seeds in each of ber_decode, "
          "snmp_handle, snmp_stream, snmp_vs_netsnmp")


if __name__ == "__main__":
    main()
