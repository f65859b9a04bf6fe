#!/usr/bin/python3
"""GETBULK edge cases against a running agent, with pysnmp as the client.

Usage: pysnmp_bulk.py AGENT_BINARY

Starts AGENT_BINARY on a free port of 127.0.0.1 (-q), sends GetBulkRequests
built with pysnmp's protocol API (Debian's python3-pysnmp4, so run it with
/usr/bin/python3) over UDP, decodes every answer with pysnmp, checks it
against RFC 3416 4.2.3 and SNMP.md s.4, then stops the agent with SIGTERM.
Prints one line per case; exit status 0 when every case holds.
Every wait is bounded: 2 s per answer, 5 s for the agent to start or stop.
"""
import os
import select
import signal
import socket
import subprocess
import sys
import time

from pyasn1.codec.ber import decoder, encoder
from pysnmp.proto import api

P = api.protoModules[api.protoVersion2c]
CAP = 1000                     # SNMP_BULK_MAX_VARBINDS
UDP_MAX = 65507
LAST_ROW = "1.3.6.1.4.1.99.1.50.0"
FIRST_ROW = "1.3.6.1.2.1.1.1.0"
ROWS = 142 + 3                 # mib.tsv's objects plus three snmp group rows


def free_port():
    """A port free for both UDP and TCP a moment ago."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as t:
            t.bind(("127.0.0.1", 0))
            port = t.getsockname()[1]
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
                try:
                    u.bind(("127.0.0.1", port))
                    return port
                except OSError:
                    continue
    raise RuntimeError("no free port")


def start_agent(binary):
    port = free_port()
    agent = subprocess.Popen([binary, "-q", "-b", "127.0.0.1", str(port)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 5
    line = b""
    while time.monotonic() < deadline and b"\n" not in line:
        ready, _, _ = select.select([agent.stdout], [], [], 0.1)
        if ready:
            byte = os.read(agent.stdout.fileno(), 1)
            if not byte:
                break
            line += byte
    if b"listening on port" not in line:
        agent.kill()
        raise RuntimeError("agent did not start: %r" % line)
    return agent, port


class Client:
    def __init__(self, port):
        self.addr = ("127.0.0.1", port)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.settimeout(2)
        self.request_id = 1000

    def bulk(self, non_repeaters, max_repetitions, names):
        self.request_id += 1
        pdu = P.GetBulkRequestPDU()
        P.apiBulkPDU.setDefaults(pdu)
        P.apiBulkPDU.setRequestID(pdu, self.request_id)
        P.apiBulkPDU.setNonRepeaters(pdu, non_repeaters)
        P.apiBulkPDU.setMaxRepetitions(pdu, max_repetitions)
        P.apiBulkPDU.setVarBinds(pdu, [(name, P.Null("")) for name in names])
        msg = P.Message()
        P.apiMessage.setDefaults(msg)
        P.apiMessage.setCommunity(msg, "public")
        P.apiMessage.setPDU(msg, pdu)
        self.sock.sendto(encoder.encode(msg), self.addr)
        data = self.sock.recv(65535)
        answer, rest = decoder.decode(data, asn1Spec=P.Message())
        assert not rest, "bytes after the answer"
        rpdu = P.apiMessage.getPDU(answer)
        assert int(P.apiPDU.getRequestID(rpdu)) == self.request_id, "request-id"
        assert str(P.apiMessage.getCommunity(answer)) == "public", "community"
        status = int(P.apiPDU.getErrorStatus(rpdu))
        varbinds = [(str(name), value.__class__.__name__)
                    for name, value in P.apiPDU.getVarBinds(rpdu)]
        return status, varbinds, len(data)


def walk(client):
    """Every name of the MIB in order, by GETBULK of 20 at a time."""
    names, at = [], "1.3"
    while True:
        _, vbs, _ = client.bulk(0, 20, [at])
        for name, kind in vbs:
            if kind == "EndOfMibView":
                return names
            names.append(name)
        at = vbs[-1][0]


def cases(client):
    names = walk(client)
    yield "a walk returns every object once, in order", (
        len(names) == ROWS and names[0] == FIRST_ROW and names[-1] == LAST_ROW
        and len(set(names)) == ROWS)

    status, vbs, _ = client.bulk(0, 10, ["1.3.6.1.2.1.1"])
    yield "non-repeaters 0, max-repetitions 10: ten objects from the start", (
        status == 0 and [n for n, _ in vbs] == names[:10])

    status, vbs, _ = client.bulk(1, 3, ["1.3.6.1.2.1.1.4.0", "1.3.6.1.2.1.1.1.0",
                                        "1.3.6.1.4.1.99.1.49.0"])
    want = [("1.3.6.1.2.1.1.5.0", "OctetString"),
            ("1.3.6.1.2.1.1.2.0", "ObjectIdentifier"), (LAST_ROW, "OctetString"),
            ("1.3.6.1.2.1.1.3.0", "TimeTicks"), (LAST_ROW, "EndOfMibView"),
            ("1.3.6.1.2.1.1.4.0", "OctetString"), (LAST_ROW, "EndOfMibView")]
    yield "one non-repeater, two repeaters, three rounds: laid out round by round", (
        status == 0 and vbs == want)

    status, vbs, _ = client.bulk(0, 2147483647, [LAST_ROW, "2.1"])
    yield "max-repetitions 2^31-1 at the end: one all-endOfMibView round, then stop", (
        status == 0 and vbs == [(LAST_ROW, "EndOfMibView"), ("2.1", "EndOfMibView")])

    status, vbs, _ = client.bulk(0, 2147483647, ["1.3"])
    yield "max-repetitions 2^31-1 from the start: the whole MIB and one endOfMibView", (
        status == 0 and len(vbs) == ROWS + 1 and vbs[-1] == (LAST_ROW, "EndOfMibView"))

    status, vbs, size = client.bulk(0, 2147483647, ["1.3"] * 10)
    yield "ten repeaters, max-repetitions 2^31-1: capped at %d varbinds, within %d bytes" % (
        CAP, UDP_MAX), status == 0 and 0 < len(vbs) <= CAP and size <= UDP_MAX

    status, vbs, _ = client.bulk(5, 10, ["1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.2.0"])
    yield "non-repeaters above the varbind count: every varbind once, as GETNEXT", (
        status == 0 and [n for n, _ in vbs] == ["1.3.6.1.2.1.1.2.0", "1.3.6.1.2.1.1.3.0"])

    status, vbs, _ = client.bulk(0, 0, ["1.3"])
    yield "max-repetitions 0: no varbinds", status == 0 and vbs == []

    status, vbs, _ = client.bulk(0, 5, [])
    yield "no varbinds asked: none answered", status == 0 and vbs == []

    status, vbs, size = client.bulk(0, 300, ["1.3.6.1.4.1.99.1"] * 40)
    # Each of those varbinds is at most 120 bytes: one more would not fit.
    yield "forty repeaters of long strings: as many whole varbinds as fit %d bytes" % UDP_MAX, (
        status == 0 and 0 < len(vbs) < CAP and size <= UDP_MAX < size + 120)


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    agent, port = start_agent(sys.argv[1])
    failed = 0
    try:
        client = Client(port)
        for name, ok in cases(client):
            print(("ok     " if ok else "FAILED ") + name)
            failed += 0 if ok else 1
    finally:
        agent.send_signal(signal.SIGTERM)
        try:
            code = agent.wait(timeout=5)
        except subprocess.TimeoutExpired:
            agent.kill()
            code = -1
    if code != 0:
        print("FAILED the agent exited with status %d" % code)
        failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
