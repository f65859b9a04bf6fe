#!/usr/bin/python3
"""Captures real pysnmp requests as fuzz seeds (corpus/snmp_requests_pysnmp/).

For each case, listens on 127.0.0.1 (UDP) on a port the kernel picks,
sends the request with pysnmp's high-level API (one try, 0.3 s timeout) and
saves the first datagram it sends, byte for byte, as
corpus/snmp_requests_pysnmp/<name>.bin. Nothing answers, so each request
times out; that is expected. Prints one line per file with its size.

    /usr/bin/python3 tests/unit/capture_pysnmp_requests.py [output-dir]

Needs Debian's python3-pysnmp4 (so Debian's /usr/bin/python3). pysnmp's
request-ids are random, so each run writes different bytes.
"""
import os
import socket
import sys
import threading

from pysnmp.hlapi import (CommunityData, ContextData, Counter32, Gauge32, Integer32,
                          IpAddress, ObjectIdentifier, ObjectIdentity, ObjectType,
                          OctetString, SnmpEngine, TimeTicks, UdpTransportTarget, bulkCmd,
                          getCmd, nextCmd, setCmd)
from pysnmp.proto.rfc1902 import Counter64, Opaque

SYS_DESCR = "1.3.6.1.2.1.1.1.0"
SYS_UPTIME = "1.3.6.1.2.1.1.3.0"
SYS_NAME = "1.3.6.1.2.1.1.5.0"
IF_ALIAS = "1.3.6.1.2.1.2.2.1.18"
PRIVATE = "1.3.6.1.4.1.99999"


def obj(name, value=None):
    return ObjectType(ObjectIdentity(name)) if value is None else \
        ObjectType(ObjectIdentity(name), value)


# (file name, command, mpModel (0 = v1, 1 = v2c), community, varbinds, extra args)
CASES = [
    ("get-v2c-sysname", getCmd, 1, "public", [obj(SYS_NAME)], ()),
    ("get-v1-three", getCmd, 0, "public", [obj(SYS_DESCR), obj(SYS_UPTIME), obj(SYS_NAME)], ()),
    ("getnext-v2c-system", nextCmd, 1, "public", [obj("1.3.6.1.2.1.1")], ()),
    ("getnext-v1-ifalias", nextCmd, 0, "public", [obj(IF_ALIAS)], ()),
    ("bulk-v2c-n0-r25", bulkCmd, 1, "public", [obj("1.3.6.1.2.1.1")], (0, 25)),
    ("bulk-v2c-n1-r3", bulkCmd, 1, "public", [obj(SYS_UPTIME), obj(IF_ALIAS)], (1, 3)),
    ("set-v2c-sysname", setCmd, 1, "private", [obj(SYS_NAME, OctetString("router-7"))], ()),
    ("set-v1-sysname", setCmd, 0, "private", [obj(SYS_NAME, OctetString("router-7"))], ()),
    # pysnmp's high-level API checks each value against the MIB modules it
    # carries (sysServices is 0..127 there, sysContact a DisplayString), so
    # the typed values go to objects it does not know.
    ("set-v2c-types", setCmd, 1, "private",
     [obj(PRIVATE + ".1.0", Integer32(-129)), obj(PRIVATE + ".2.0", Gauge32(4000000000)),
      obj(PRIVATE + ".3.0", TimeTicks(12345)), obj(PRIVATE + ".4.0", Counter32(7)),
      obj(PRIVATE + ".5.0", IpAddress("192.0.2.1")),
      obj(PRIVATE + ".6.0", ObjectIdentifier("1.3.6.1.4.1.8072.3.2.10")),
      obj(PRIVATE + ".7.0", Counter64(18446744073709551615)),
      obj(PRIVATE + ".8.0", Opaque(b"\x01\x02"))], ()),
    # pysnmp 4.4 writes -2^31 in five bytes (02 05 ff 80 00 00 00): not
    # minimal, so SNMP.md s.2 refuses it (the README says so).
    ("set-v2c-int-min", setCmd, 1, "private", [obj(PRIVATE + ".1.0", Integer32(-2147483648))], ()),
]


def capture(command, mp_model, community, varbinds, extra):
    """The first datagram pysnmp sends for this request."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.settimeout(5)
        port = listener.getsockname()[1]
        got = []

        def receive():
            try:
                got.append(listener.recvfrom(70000)[0])
            except socket.timeout:
                pass

        thread = threading.Thread(target=receive)
        thread.start()
        target = UdpTransportTarget(("127.0.0.1", port), timeout=0.3, retries=0)
        result = command(SnmpEngine(), CommunityData(community, mpModel=mp_model), target,
                         ContextData(), *extra, *varbinds)
        next(result)  # sends the request; ends in a timeout, which it reports
        thread.join()
        if not got:
            raise SystemExit(f"pysnmp sent nothing to port {port}")
        return got[0]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "..", "corpus", "snmp_requests_pysnmp")
    os.makedirs(out, exist_ok=True)
    for name, command, mp_model, community, varbinds, extra in CASES:
        data = capture(command, mp_model, community, varbinds, extra)
        with open(os.path.join(out, name + ".bin"), "wb") as f:
            f.write(data)
        print(f"{name}.bin {len(data)} bytes")


if __name__ == "__main__":
    main()
