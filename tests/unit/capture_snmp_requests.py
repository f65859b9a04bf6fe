#!/usr/bin/env python3
"""Captures real net-snmp requests as golden vectors (corpus/snmp_requests/).

For each case, listens on 127.0.0.1 (UDP, or TCP for the tcp: case) on a
port the kernel picks, runs the net-snmp tool against it with one try and a
short timeout, and saves the first request it sends, byte for byte, as
corpus/snmp_requests/<name>.bin. Nothing answers, so each tool ends with
"Timeout"; that is expected. Prints one line per file with its size.

    tests/unit/capture_snmp_requests.py [output-dir]

Needs the Debian package `snmp` (net-snmp's command-line tools). The tools'
request-ids are random, so each run writes different request-ids: after a
re-capture, update the table in tests/unit/test_pdu.c.
"""
import os
import socket
import subprocess
import sys

COMMON = ["-t", "0.2", "-r", "0", "-On", "-m", ""]

SYS_DESCR = "1.3.6.1.2.1.1.1.0"
SYS_UPTIME = "1.3.6.1.2.1.1.3.0"
SYS_CONTACT = "1.3.6.1.2.1.1.4.0"
SYS_NAME = "1.3.6.1.2.1.1.5.0"
SYS_LOCATION = "1.3.6.1.2.1.1.6.0"
SYS_SERVICES = "1.3.6.1.2.1.1.7.0"
IF_ALIAS = "1.3.6.1.2.1.2.2.1.18"

# (file name, transport, tool, arguments after the agent address)
CASES = [
    ("get-v2c-sysname", "udp", "snmpget", ["-v2c", "-c", "public"], [SYS_NAME]),
    ("get-v1-sysname", "udp", "snmpget", ["-v1", "-c", "public"], [SYS_NAME]),
    ("get-v2c-three", "udp", "snmpget", ["-v2c", "-c", "public"],
     [SYS_DESCR, SYS_UPTIME, SYS_NAME]),
    ("get-v2c-tcp-sysname", "tcp", "snmpget", ["-v2c", "-c", "public"], [SYS_NAME]),
    ("getnext-v2c-system", "udp", "snmpgetnext", ["-v2c", "-c", "public"], ["1.3.6.1.2.1.1"]),
    ("getnext-v1-two", "udp", "snmpgetnext", ["-v1", "-c", "public"], [SYS_DESCR, IF_ALIAS]),
    ("bulkget-v2c-n0-r10", "udp", "snmpbulkget", ["-v2c", "-c", "public", "-Cn0", "-Cr10"],
     ["1.3.6.1.2.1.1"]),
    ("bulkget-v2c-n1-r5", "udp", "snmpbulkget", ["-v2c", "-c", "public", "-Cn1", "-Cr5"],
     [SYS_UPTIME, IF_ALIAS, "1.3.6.1.2.1.2.2.1.10"]),
    ("set-v2c-sysname-string", "udp", "snmpset", ["-v2c", "-c", "private"],
     [SYS_NAME, "s", "router-7"]),
    ("set-v1-sysname-string", "udp", "snmpset", ["-v1", "-c", "private"],
     [SYS_NAME, "s", "router-7"]),
    ("set-v2c-types", "udp", "snmpset", ["-v2c", "-c", "private"],
     [SYS_SERVICES, "i", "-129",
      SYS_CONTACT, "u", "4000000000",
      SYS_UPTIME, "t", "12345",
      "1.3.6.1.2.1.4.20.1.1.192.0.2.1", "a", "192.0.2.1",
      "1.3.6.1.2.1.1.2.0", "o", "1.3.6.1.4.1.8072.3.2.10",
      SYS_LOCATION, "x", "DE AD BE EF 00"]),
    ("set-v2c-opaque-u64", "udp", "snmpset", ["-v2c", "-c", "private"],
     ["1.3.6.1.4.1.99999.1.0", "U", "18446744073709551615"]),
    ("set-v1-integer", "udp", "snmpset", ["-v1", "-c", "private"],
     [SYS_SERVICES, "i", "2147483647"]),
]


def ber_whole(buf):
    """Length of the BER element at buf's start once all of it is in, else None."""
    if len(buf) < 2:
        return None
    first = buf[1]
    if first < 0x80:
        need = 2 + first
    else:
        octets = first & 0x7F
        if len(buf) < 2 + octets:
            return None
        need = 2 + octets + int.from_bytes(buf[2:2 + octets], "big")
    return need if len(buf) >= need else None


def capture(transport, tool, opts, args):
    kind = socket.SOCK_DGRAM if transport == "udp" else socket.SOCK_STREAM
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        address = f"127.0.0.1:{port}" if transport == "udp" else f"tcp:127.0.0.1:{port}"
        if transport == "tcp":
            s.listen(1)
        s.settimeout(5)
        proc = subprocess.Popen([tool] + opts + COMMON + [address] + args,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            if transport == "udp":
                data, _ = s.recvfrom(65535)
            else:
                conn, _ = s.accept()
                with conn:
                    conn.settimeout(5)
                    data = b""
                    while ber_whole(data) is None:
                        more = conn.recv(65535)
                        if not more:
                            raise RuntimeError("connection closed mid-message")
                        data += more
                    data = data[:ber_whole(data)]
        finally:
            proc.wait(timeout=10)
    return data


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        here, "..", "..", "corpus", "snmp_requests")
    for name, transport, tool, opts, args in CASES:
        data = capture(transport, tool, opts, args)
        with open(os.path.join(out_dir, name + ".bin"), "wb") as f:
            f.write(data)
        print(f"{name}.bin {len(data)} bytes: {tool} {' '.join(opts + COMMON)} "
              f"{transport}:127.0.0.1:PORT {' '.join(args)}")


if __name__ == "__main__":
    main()
